import { defineRule } from '../api';
import { podSpecView } from '../../src/views/kubernetes';
import { containerIn } from './lib';

export default defineRule({
  id: 'K8S115',
  slug: 'image-pinned',
  title: 'Container images are pinned',
  severity: 'low',
  description: 'Every container image names a tag other than latest, preferably a digest (@sha256:...).',
  rationale:
    'An image without a tag, or tagged latest, can change under the same name: a rollout or a node replacement silently runs different code than was reviewed and scanned, and a compromised registry push reaches production unnoticed. A digest pins exactly what was scanned.',
  remediation: {
    kubernetes: [
      'containers:',
      '  - name: web',
      '    image: myregistry.azurecr.io/shop/web:1.4.2@sha256:3c1f...   # tag for people, digest for the runtime',
    ].join('\n'),
  },
  references: [
    'https://kubernetes.io/docs/concepts/containers/images/#image-names',
    'https://learn.microsoft.com/azure/container-registry/container-registry-image-tag-version',
  ],
  fixRequiresRecreate: false,
  tags: ['supply-chain'],
  view: podSpecView,
  check(pod, ctx) {
    for (const c of pod.containers) {
      const image = c.image;
      if (image.state !== 'set' || typeof image.value !== 'string') continue;
      const tag = imageTag(image.value);
      if (tag.digest || (tag.tag !== undefined && tag.tag !== 'latest')) continue;
      const problem = tag.tag === 'latest' ? 'uses the tag latest' : 'has no tag, so it means latest';
      ctx.report({
        range: image.range,
        message: `${containerIn(pod, c)} image "${image.value}" ${problem}: the code it runs can change without any change to this manifest. Pin a version tag, preferably with a digest (@sha256:...).`,
      });
    }
  },
});

/** The tag and digest of an image reference; a registry port (`host:5000/app`) is not a tag. */
export function imageTag(reference: string): { tag?: string; digest: boolean } {
  const at = reference.indexOf('@');
  const digest = at >= 0 && /^@sha256:[0-9a-f]{64}$|^@[a-z0-9]+:[0-9a-zA-Z=_-]+$/.test(reference.slice(at));
  const name = at >= 0 ? reference.slice(0, at) : reference;
  const lastSlash = name.lastIndexOf('/');
  const colon = name.indexOf(':', lastSlash + 1);
  return { tag: colon >= 0 ? name.slice(colon + 1) : undefined, digest };
}
