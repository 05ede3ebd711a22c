import { defineRule } from '../api';
import { AZURE_INTERNAL_LOAD_BALANCER, serviceView } from '../../src/views/kubernetes';
import { AKS_NETWORK_PRACTICES } from '../lib';

export default defineRule({
  id: 'K8S305',
  slug: 'internal-load-balancer',
  title: 'Public load balancers are deliberate',
  severity: 'low',
  description: `Every Service of type LoadBalancer carries the annotation ${AZURE_INTERNAL_LOAD_BALANCER}: "true", or is a deliberate exception.`,
  rationale:
    "On AKS a Service of type LoadBalancer gets a public IP on the cluster's Azure load balancer unless it asks for an internal one: the workload is then reachable from the whole internet, outside any firewall in the virtual network. Public entry points belong behind an ingress controller or Application Gateway with a WAF, and a suppression with a reason records the exceptions.",
  remediation: {
    kubernetes: [
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: web',
      '  namespace: shop',
      '  annotations:',
      `    ${AZURE_INTERNAL_LOAD_BALANCER}: "true"`,
      'spec:',
      '  type: LoadBalancer',
    ].join('\n'),
  },
  references: [
    'https://learn.microsoft.com/azure/aks/internal-lb',
    'https://learn.microsoft.com/azure/aks/load-balancer-standard',
    AKS_NETWORK_PRACTICES,
  ],
  fixRequiresRecreate: false,
  tags: ['network'],
  view: serviceView,
  check(svc, ctx) {
    if (svc.type.state !== 'set' || svc.type.value !== 'LoadBalancer') return;
    const internal = svc.annotation(AZURE_INTERNAL_LOAD_BALANCER);
    if (internal.state === 'set' && String(internal.value).toLowerCase() === 'true') return;
    const now =
      internal.state === 'set'
        ? `${AZURE_INTERNAL_LOAD_BALANCER} is ${JSON.stringify(internal.value)}`
        : `${AZURE_INTERNAL_LOAD_BALANCER} is not set`;
    ctx.report({
      range: svc.type.range,
      message: `${svc.label} is a public load balancer (${now}): Azure gives it a public IP reachable from the internet. Annotate it ${AZURE_INTERNAL_LOAD_BALANCER}: "true", or suppress this finding with the reason it must be public.`,
    });
  },
});
