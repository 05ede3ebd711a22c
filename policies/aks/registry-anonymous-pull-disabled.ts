import { defineRule, expectReading } from '../api';
import { containerRegistries } from '../../src/views/azure/registry';
import { assign, current } from '../lib';

export default defineRule({
  id: 'AKS605',
  slug: 'registry-anonymous-pull-disabled',
  title: 'Container registry does not allow anonymous pull',
  severity: 'medium',
  description:
    'The container registry the cluster pulls from requires credentials to pull: anonymous (unauthenticated) pull access is not enabled.',
  rationale:
    'Anonymous pull makes every repository of the registry readable by anyone who can reach its endpoint, without a token and without a trace tied to an identity. It applies to every repository at once, repositories guarded by scoped tokens included. Images carry internal code, configuration and sometimes embedded secrets, and an attacker who can read them can look for weaknesses at leisure. AKS does not need it: the kubelet managed identity pulls with the AcrPull role.',
  remediation: {
    terraform: "anonymous_pull_enabled = false  # the cluster's kubelet identity pulls with the AcrPull role",
    bicep: 'properties: {\n  anonymousPullEnabled: false\n}',
    arm: '"properties": { "anonymousPullEnabled": false }',
  },
  references: [
    'https://learn.microsoft.com/azure/container-registry/anonymous-pull-access',
    'https://learn.microsoft.com/azure/aks/cluster-container-registry-integration',
    'https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/container_registry',
    'https://learn.microsoft.com/azure/templates/microsoft.containerregistry/registries',
  ],
  fixRequiresRecreate: false,
  view: containerRegistries,
  check(view, ctx) {
    expectReading(ctx, view.anonymousPullEnabled(), {
      ok: (enabled) => enabled !== true,
      fail: (r) =>
        `Container registry "${view.displayName}" allows anonymous pull (${current(r)}): anyone who reaches its endpoint can pull every image without credentials. Set ${assign(view, r.attribute, false)}; the cluster pulls with its kubelet identity (AcrPull role).`,
    });
  },
});
