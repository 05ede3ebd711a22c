import { defineRule, expectReading } from '../api';
import { containerRegistries } from '../../src/views/azure/registry';
import { assign, current, settingFix } from '../lib';

export default defineRule({
  id: 'AKS601',
  slug: 'registry-admin-disabled',
  title: 'Container registry admin user is disabled',
  severity: 'high',
  description: 'The container registry the cluster pulls from keeps its shared admin account disabled.',
  rationale:
    'The admin user is one shared user name and password with push and pull rights on every repository. It cannot be scoped, is not tied to a person or workload, and leaks easily into pipelines and image pull secrets. Whoever holds it can replace the images the cluster runs. AKS pulls with its kubelet managed identity (AcrPull role) instead.',
  remediation: {
    terraform: "admin_enabled = false  # grant the cluster's kubelet identity the AcrPull role instead",
    bicep: 'properties: {\n  adminUserEnabled: false\n}',
    arm: '"properties": { "adminUserEnabled": false }',
  },
  references: [
    'https://learn.microsoft.com/azure/container-registry/container-registry-authentication#admin-account',
    'https://learn.microsoft.com/azure/aks/cluster-container-registry-integration',
    'https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/container_registry',
    'https://learn.microsoft.com/azure/templates/microsoft.containerregistry/registries',
  ],
  fixRequiresRecreate: false,
  fix: {
    description: 'Sets admin_enabled = false (properties.adminUserEnabled: false).',
  },
  view: containerRegistries,
  check(view, ctx) {
    expectReading(ctx, view.adminUserEnabled(), {
      ok: (enabled) => enabled !== true,
      fix: (r) => settingFix(ctx, view, r, false),
      fail: (r) =>
        `Container registry "${view.displayName}" enables its admin user (${current(r)}): one shared password with push rights to every repository, which anyone holding it can use to replace the images your clusters run. Set ${assign(view, r.attribute, false)} and let the cluster pull with its kubelet identity (AcrPull role).`,
    });
  },
});
