import { defineRule } from '../api';
import { podSpecView } from '../../src/views/kubernetes';
import { containerIn } from '../lib';

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
      if (tag.digest || (tag.tag !== undefined && tag.tag !== 'latest' && !tag.malformedDigest)) continue;
      const problem = tag.malformedDigest
        ? `has "${tag.malformedDigest}" where a digest goes, which is not one (algorithm:hex, as sha256:<64 hex digits>), so the runtime refuses it or pulls by tag`
        : tag.tag === 'latest'
          ? 'uses the tag latest'
          : 'has no tag, so it means latest';
      ctx.report({
        range: image.range,
        message: `${containerIn(pod, c)} image "${image.value}" ${problem}: the code it runs can change without any change to this manifest. Pin a version tag, preferably with a digest (@sha256:...).`,
      });
    }
  },
});

/**
 * The OCI digest grammar: an algorithm of lower-case components joined by `+ . _ -` (sha256,
 * sha512, a custom `sha256+b64u`), a colon, the encoded value. sha256 and sha512 must be hex of
 * their length.
 */
const DIGEST = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/;
const HEX_LENGTH = new Map([
  ['sha256', 64],
  ['sha512', 128],
]);

function isDigest(text: string): boolean {
  const m = DIGEST.exec(text);
  if (!m) return false;
  const length = HEX_LENGTH.get(m[1]);
  return length === undefined || new RegExp(`^[a-f0-9]{${length}}$`).test(m[2]);
}

/** The tag and digest of an image reference; a registry port (`host:5000/app`) is not a tag. */
export function imageTag(reference: string): { tag?: string; digest: boolean; malformedDigest?: string } {
  const at = reference.indexOf('@');
  const written = at >= 0 ? reference.slice(at + 1) : undefined;
  const digest = written !== undefined && isDigest(written);
  const name = at >= 0 ? reference.slice(0, at) : reference;
  const lastSlash = name.lastIndexOf('/');
  const colon = name.indexOf(':', lastSlash + 1);
  const tag = colon >= 0 ? name.slice(colon + 1) : undefined;
  return written !== undefined && !digest ? { tag, digest, malformedDigest: written } : { tag, digest };
}
