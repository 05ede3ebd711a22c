import { defineRule, type CheckContext } from '../api';
import type { ObjectValue } from '../../src/model';
import { podSpecView } from '../../src/views/kubernetes';
import { CIS_KUBERNETES, containerIn, literal, PSS } from '../lib';

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
  fix: {
    description:
      'Removes the hostPort line from the port (the container keeps its containerPort); nothing is offered when hostPort shares its line with the list marker.',
  },
  view: podSpecView,
  check(pod, ctx) {
    for (const c of pod.containers) {
      for (const port of c.ports) {
        const host = port.hostPort;
        if (host.state !== 'set' || host.value === 0 || host.value === null) continue;
        ctx.report({
          range: host.range,
          fix: {
            title: `Remove hostPort ${String(host.value)} from ${containerIn(pod, c)}`,
            edits: entryFix(ctx, port.object),
          },
          message: `${containerIn(pod, c)} opens host port ${literal(host.value)}${port.containerPort !== undefined ? ` (container port ${literal(port.containerPort)})` : ''} on the node: it bypasses Services and NetworkPolicies. Remove hostPort and expose the port through a Service.`,
        });
      }
    }
  },
});

function entryFix(ctx: CheckContext, port: ObjectValue) {
  const entry = port.entries.find((e) => e.key === 'hostPort');
  return entry && ctx.fixer.remove(entry);
}
