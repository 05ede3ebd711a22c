import { defineRule } from '../api';
import { podSpecView } from '../../src/views/kubernetes';
import { CIS_KUBERNETES, containerIn, literal, PSS } from './lib';

export default defineRule({
  id: 'K8S114',
  slug: 'no-host-ports',
  title: 'Containers open no host ports',
  severity: 'medium',
  description: 'No container port sets hostPort.',
  rationale:
    'A hostPort opens the port on the node itself, outside Services and NetworkPolicies, and ties the pod to nodes where the port is free. The baseline Pod Security Standard forbids host ports.',
  remediation: {
    kubernetes: ['ports:', '  - containerPort: 8080     # no hostPort: expose it through a Service'].join(
      '\n',
    ),
  },
  references: [PSS, 'https://kubernetes.io/docs/concepts/configuration/overview/#services', CIS_KUBERNETES],
  fixRequiresRecreate: false,
  tags: ['pod-security', 'cis-5.2.13'],
  view: podSpecView,
  check(pod, ctx) {
    for (const c of pod.containers) {
      for (const port of c.ports) {
        const host = port.hostPort;
        if (host.state !== 'set' || host.value === 0 || host.value === null) continue;
        ctx.report({
          range: host.range,
          message: `${containerIn(pod, c)} opens host port ${literal(host.value)}${port.containerPort !== undefined ? ` (container port ${literal(port.containerPort)})` : ''} on the node: it bypasses Services and NetworkPolicies. Remove hostPort and expose the port through a Service.`,
        });
      }
    }
  },
});
