import rule from './managed-identity';
import { ruleTester } from '../../test/rule-tester';
import { armCluster, bicepCluster, failsAt, tfCluster } from '../../test/aks-cases';

const servicePrincipal =
  'service_principal {\n  client_id     = "00000000-0000-0000-0000-000000000001"\n  client_secret = var.client_secret\n}';

ruleTester(rule, {
  valid: [
    {
      name: 'system-assigned identity',
      format: 'terraform',
      code: tfCluster('identity {\n  type = "SystemAssigned"\n}'),
    },
    {
      name: 'user-assigned identity',
      format: 'terraform',
      code: tfCluster(
        'identity {\n  type         = "UserAssigned"\n  identity_ids = [azurerm_user_assigned_identity.aks.id]\n}',
      ),
    },
    {
      name: 'system-assigned identity',
      format: 'arm',
      code: armCluster('"dnsPrefix": "aks"', { top: '"identity": { "type": "SystemAssigned" }' }),
    },
    {
      name: 'clientId "msi" means managed identity',
      format: 'arm',
      code: armCluster('"servicePrincipalProfile": { "clientId": "msi" }', {
        top: '"identity": { "type": "SystemAssigned" }',
      }),
    },
    {
      name: 'case-insensitive "MSI"',
      format: 'arm',
      code: armCluster('"ServicePrincipalProfile": { "ClientId": "MSI" }'),
    },
    {
      name: 'system-assigned identity',
      format: 'bicep',
      code: bicepCluster("dnsPrefix: 'aks'", { top: "identity: {\n  type: 'SystemAssigned'\n}" }),
    },
  ],
  invalid: [
    failsAt(
      'service principal block',
      'terraform',
      tfCluster(servicePrincipal, { before: 'variable "client_secret" {}' }),
      'service_principal {',
      /service principal.*identity \{ type = "SystemAssigned" \}/,
    ),
    failsAt(
      'service principal client id',
      'arm',
      armCluster(
        '"servicePrincipalProfile": {\n  "clientId": "00000000-0000-0000-0000-000000000001",\n  "secret": "[parameters(\'secret\')]"\n}',
        { parameters: '"secret": { "type": "securestring" }' },
      ),
      '"clientId"',
      /properties\.servicePrincipalProfile\.clientId/,
    ),
    failsAt(
      'case-insensitive names',
      'arm',
      armCluster('"serviceprincipalprofile": {\n  "CLIENTID": "00000000-0000-0000-0000-000000000001"\n}'),
      '"CLIENTID"',
      /service principal/,
    ),
    failsAt(
      'service principal client id',
      'bicep',
      bicepCluster(
        "servicePrincipalProfile: {\n  clientId: '00000000-0000-0000-0000-000000000001'\n  secret: spSecret\n}",
        {
          before: '@secure()\nparam spSecret string',
        },
      ),
      'clientId',
      /servicePrincipalProfile\.clientId/,
    ),
  ],
  unknown: [
    {
      name: 'service principal from a dynamic block over an unknown list',
      format: 'terraform',
      code: tfCluster(
        'dynamic "service_principal" {\n  for_each = var.service_principals\n  content {\n    client_id     = service_principal.value.id\n    client_secret = service_principal.value.secret\n  }\n}',
        { before: 'variable "service_principals" {}' },
      ),
      message: /var\.service_principals/,
    },
    {
      name: 'client id parameter without default',
      format: 'arm',
      code: armCluster('"servicePrincipalProfile": { "clientId": "[parameters(\'spClientId\')]" }', {
        parameters: '"spClientId": { "type": "string" }',
      }),
      message: /spClientId/,
    },
    {
      name: 'client id param without default',
      format: 'bicep',
      code: bicepCluster('servicePrincipalProfile: {\n  clientId: spClientId\n}', {
        before: 'param spClientId string',
      }),
      message: /spClientId/,
    },
  ],
});
