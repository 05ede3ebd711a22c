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
  ],
  unknown: [],
});

describe('imageTag', () => {
  it('separates tags from registry ports and digests', () => {
    expect(imageTag('host:5000/app')).toEqual({ tag: undefined, digest: false });
    expect(imageTag('host:5000/app:1')).toEqual({ tag: '1', digest: false });
    expect(imageTag('app:1@sha256:' + 'a'.repeat(64))).toEqual({ tag: '1', digest: true });
  });
});
