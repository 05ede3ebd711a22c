import { ruleTester, yaml } from '../../test/rule-tester';
import rule, { imageTag } from './image-pinned';

ruleTester(rule, {
  valid: [
    {
      name: 'a version tag, a digest, a registry with a port',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: ns}
        spec:
          containers:
            - name: a
              image: myacr.azurecr.io/shop/web:1.4.2
            - name: b
              image: nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
            - name: c
              image: localhost:5000/tools/cli:2024.1
            - name: d
              image: myacr.azurecr.io/app@sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564
            - name: e
              image: app:1@sha512:${'ab'.repeat(64)}
      `,
    },
  ],
  invalid: [
    {
      name: 'latest and no tag',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: ns}
        spec:
          containers:
            - name: a
              image: nginx:latest
            - name: b
              image: localhost:5000/tools/cli
      `,
      errors: [
        {
          line: 7,
          column: 7,
          message: /Container "a" in Pod ns\/p image "nginx:latest" uses the tag latest/,
        },
        { line: 9, message: /image "localhost:5000\/tools\/cli" has no tag/ },
      ],
    },
    {
      name: 'something that is not a digest after @, with or without a tag',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: ns}
        spec:
          containers:
            - name: a
              image: nginx@sha256:abc123
            - name: b
              image: nginx:1.27@SHA256:ABC
      `,
      errors: [
        {
          line: 7,
          message: /image "nginx@sha256:abc123" has "sha256:abc123" where a digest goes, which is not one/,
        },
        { line: 9, message: /has "SHA256:ABC" where a digest goes/ },
      ],
    },
  ],
  unknown: [],
});

describe('imageTag', () => {
  it('separates tags from registry ports and digests', () => {
    expect(imageTag('host:5000/app')).toEqual({ tag: undefined, digest: false });
    expect(imageTag('host:5000/app:1')).toEqual({ tag: '1', digest: false });
    expect(imageTag('app:1@sha256:' + 'a'.repeat(64))).toEqual({ tag: '1', digest: true });
    expect(imageTag('app@sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564')).toEqual({
      tag: undefined,
      digest: true,
    });
    expect(imageTag('app@md5:1')).toEqual({ tag: undefined, digest: true });
    expect(imageTag('app@sha512:1')).toEqual({ tag: undefined, digest: false, malformedDigest: 'sha512:1' });
  });
});
