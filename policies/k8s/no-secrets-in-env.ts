import { defineRule } from '../api';
import { podSpecView, type SecretEnvReference } from '../../src/views/kubernetes';
import { containerIn } from '../lib';

function describeReference(ref: SecretEnvReference): string {
  const secret = `Secret ${ref.secretName ?? '(unnamed)'}`;
  if (ref.variable !== undefined || ref.key !== undefined)
    return `${ref.variable ?? '(unnamed)'} from ${secret}${ref.key ? ` key ${ref.key}` : ''}`;
  return `every key of ${secret}${ref.prefix ? ` (prefixed ${ref.prefix})` : ''}`;
}

export default defineRule({
  id: 'K8S116',
  slug: 'no-secrets-in-env',
  title: 'Secrets are mounted as files, not passed in environment variables',
  severity: 'low',
  description:
    'No container reads a Secret into its environment, through env[].valueFrom.secretKeyRef or envFrom[].secretRef.',
  rationale:
    'An environment variable is copied to every child process, readable in /proc/<pid>/environ by anything running as the same user, and routinely printed by crash reports, debug endpoints and logging libraries, so secret values travel further than intended. It is also fixed at container start: a rotated Secret reaches the application only after a restart, while a mounted Secret volume, or the Azure Key Vault provider for the Secrets Store CSI driver, updates the file in place.',
  remediation: {
    kubernetes: [
      'containers:',
      '  - name: api',
      '    volumeMounts:',
      '      - {name: db, mountPath: /var/run/secrets/db, readOnly: true}',
      'volumes:',
      '  - name: db',
      '    secret: {secretName: db-credentials}',
    ].join('\n'),
  },
  references: [
    'https://kubernetes.io/docs/concepts/security/secrets-good-practices/',
    'https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod',
    'https://learn.microsoft.com/azure/aks/csi-secrets-store-driver',
  ],
  fixRequiresRecreate: false,
  tags: ['secrets'],
  view: podSpecView,
  check(pod, ctx) {
    for (const c of pod.containers) {
      // Read once: the view reads a container's settings each time they are asked for.
      const secretEnv = c.secretEnv;
      if (secretEnv.length === 0) continue;
      ctx.report({
        range: secretEnv[0].range,
        message: `${containerIn(pod, c)} reads Secrets into environment variables (${secretEnv.map(describeReference).join('; ')}): child processes, crash reports and logs can carry them away, and a rotated value arrives only after a restart. Mount the Secret as a volume (or through the Key Vault Secrets Store CSI driver) and read it from the file.`,
      });
    }
  },
});
