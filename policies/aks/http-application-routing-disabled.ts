import { defineRule, expectReading } from '../api';
import { aksClusters } from '../../src/views/aks';
import { assign, clusterName, current, TF_DOCS, ARM_DOCS, settingFix } from '../lib';

export default defineRule({
  id: 'AKS206',
  slug: 'http-application-routing-disabled',
  title: 'HTTP application routing add-on is disabled',
  severity: 'high',
  description: 'The HTTP application routing add-on, meant for development only, is not enabled.',
  rationale:
    'HTTP application routing creates a publicly resolvable DNS zone and an ingress controller exposed to the internet, with no TLS; Microsoft documents it as not for production and has retired it. Use the application routing add-on (web_app_routing) or your own ingress controller.',
  remediation: {
    terraform: 'http_application_routing_enabled = false  # or remove it; use web_app_routing {} instead',
    bicep: 'addonProfiles: {\n  httpApplicationRouting: {\n    enabled: false\n  }\n}',
    arm: '"addonProfiles": { "httpApplicationRouting": { "enabled": false } }',
  },
  references: ['https://learn.microsoft.com/azure/aks/http-application-routing', TF_DOCS, ARM_DOCS],
  fixRequiresRecreate: false,
  fix: {
    description:
      'Sets http_application_routing_enabled = false (properties.addonProfiles.httpApplicationRouting.enabled: false).',
  },
  view: aksClusters,
  check(view, ctx) {
    expectReading(ctx, view.flag('httpApplicationRouting', false), {
      ok: (v) => v !== true,
      fix: (r) => settingFix(ctx, view, r, false),
      fail: (r) =>
        `${clusterName(view)} enables the HTTP application routing add-on (${current(r)}): it exposes apps on a public DNS zone without TLS and is not for production. Set ${assign(view, r.attribute, false)} and use the application routing add-on.`,
    });
  },
});
