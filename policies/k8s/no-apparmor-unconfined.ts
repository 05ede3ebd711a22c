import { defineRule } from '../api';
import { appArmorAnnotation, podSpecView } from '../../src/views/kubernetes';
import { containerIn, PSS, SECURITY_CONTEXT } from '../lib';

export default defineRule({
  id: 'K8S119',
  slug: 'no-apparmor-unconfined',
  title: 'AppArmor is not turned off',
  severity: 'medium',
  description: `No container runs AppArmor Unconfined: neither securityContext.appArmorProfile.type: Unconfined (Kubernetes 1.30+, on the container or the pod) nor the annotation ${appArmorAnnotation('<container>')}: unconfined.`,
  rationale:
    "On nodes with AppArmor, such as AKS's Ubuntu nodes, the container runtime runs every container under its default AppArmor profile, which denies writes to /proc and /sys files and mounts, the usual first steps of a container escape. Unconfined removes that layer, and the baseline Pod Security Standard forbids it. Leave the default, or name a Localhost profile written for the workload.",
  remediation: {
    kubernetes: [
      'spec:',
      '  securityContext:',
      '    appArmorProfile:',
      '      type: RuntimeDefault   # or Localhost with localhostProfile',
    ].join('\n'),
  },
  references: [
    'https://kubernetes.io/docs/tutorials/security/apparmor/',
    `${PSS}#baseline`,
    SECURITY_CONTEXT,
    'https://learn.microsoft.com/azure/aks/operator-best-practices-cluster-security#secure-container-access-to-resources',
  ],
  fixRequiresRecreate: false,
  tags: ['pod-security'],
  view: podSpecView,
  check(pod, ctx) {
    // AppArmor is a Linux control; Windows pods have none.
    if (pod.osName === 'windows') return;
    for (const c of pod.containers) {
      const type = c.appArmorProfileType;
      if (type.state === 'set' && type.value === 'Unconfined') {
        const from = type.from === 'pod' ? ' on the pod' : '';
        ctx.report({
          range: type.range,
          message: `${containerIn(pod, c)} runs without AppArmor (appArmorProfile.type is "Unconfined"${from}): the runtime's default profile, which blocks writes to /proc, /sys and mounts, no longer applies. Set appArmorProfile.type: RuntimeDefault, or a Localhost profile.`,
        });
        continue;
      }
      const annotation = pod.podAnnotations.find((a) => a.key === appArmorAnnotation(c.name));
      if (annotation?.value?.toLowerCase() !== 'unconfined') continue;
      ctx.report({
        range: annotation.range,
        message: `${containerIn(pod, c)} runs without AppArmor (${annotation.key} is "${annotation.value}"): the runtime's default profile, which blocks writes to /proc, /sys and mounts, no longer applies. Remove the annotation, or use securityContext.appArmorProfile.type: RuntimeDefault.`,
      });
    }
  },
});
