import { defineRule } from '../api';
import { ingressView, isNginxSnippet } from '../../src/views/kubernetes';

export default defineRule({
  id: 'K8S306',
  slug: 'no-nginx-snippet-annotations',
  title: 'Ingresses carry no NGINX configuration snippets',
  severity: 'high',
  description:
    'No Ingress has an ingress-nginx snippet annotation: nginx.ingress.kubernetes.io/configuration-snippet, server-snippet, auth-snippet, or any other nginx.ingress.kubernetes.io/*-snippet.',
  rationale:
    "A snippet is raw NGINX configuration that the controller pastes into its own: whoever can write an Ingress can make the controller serve its files, its service account token included, and that token reads the Secrets of every namespace (CVE-2021-25742). ingress-nginx therefore refuses snippets unless allow-snippet-annotations is turned on, and rates them Critical in annotations-risk-level. The IngressNightmare vulnerabilities of 2025 (CVE-2025-1974 with CVE-2025-24514, CVE-2025-1097 and CVE-2025-1098) showed that other annotations inject configuration too, through the controller's admission webhook, without any credentials: keep the controller patched (1.11.5, 1.12.1 or later) and its webhook unreachable from pods, and keep snippets off.",
  remediation: {
    kubernetes: [
      'metadata:',
      '  annotations:',
      '    # Instead of a configuration-snippet, use the dedicated annotations, e.g.:',
      '    nginx.ingress.kubernetes.io/proxy-body-size: "8m"',
      '    nginx.ingress.kubernetes.io/enable-cors: "true"',
      '# and keep allow-snippet-annotations: "false" in the controller ConfigMap.',
    ].join('\n'),
  },
  references: [
    'https://github.com/kubernetes/ingress-nginx/issues/7837',
    'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#allow-snippet-annotations',
    'https://kubernetes.io/blog/2025/03/24/ingress-nginx-cve-2025-1974/',
    'https://learn.microsoft.com/azure/aks/app-routing',
  ],
  fixRequiresRecreate: false,
  tags: ['network', 'ingress'],
  view: ingressView,
  check(ingress, ctx) {
    for (const a of ingress.annotations) {
      if (!isNginxSnippet(a.key)) continue;
      ctx.report({
        range: a.range,
        message: `${ingress.label} carries the ingress-nginx annotation ${a.key}: raw NGINX configuration that, where the controller accepts snippets, lets whoever edits this Ingress read the controller's service account token and through it every Secret of the cluster (CVE-2021-25742). Replace it with the dedicated annotations and keep allow-snippet-annotations off.`,
      });
    }
  },
});
