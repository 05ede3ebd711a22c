import { allRules } from '../../policies';
import {
  UNREAD_MODULE,
  type ObjectEntry,
  type Resource,
  type SourceRange,
  type Value,
} from '../../src/model';
import { keepShape } from '../../src/views/reading';
import { keptAcross, keptAcrossDeployments } from '../../src/views/view';

const at = (line: number): SourceRange => ({ file: 'main.tf', line, column: 1, endLine: line, endColumn: 9 });
const scalar = (value: string, line: number): Value => ({ kind: 'scalar', value, range: at(line) });
const object = (entries: Record<string, Value>, line: number, origins?: SourceRange[]): Value => ({
  kind: 'object',
  entries: Object.entries(entries).map(([key, value]): ObjectEntry => ({
    key,
    keyRange: value.range,
    value,
  })),
  range: at(line),
  ...(origins ? { origins } : {}),
});
const keys = (value: Value | undefined): string[] =>
  value?.kind === 'object' ? value.entries.map((e) => e.key) : [];
const entry = (value: Value, key: string): Value | undefined =>
  value.kind === 'object' ? value.entries.find((e) => e.key === key)?.value : undefined;

const resource = (type: string, format: Resource['format'], body: Value): Resource =>
  ({
    type,
    format,
    name: 'aks',
    address: `${type}.aks`,
    file: 'main.tf',
    range: at(1),
    body,
    via: [],
  }) as unknown as Resource;

describe('what the rules across deployments keep of a resource', () => {
  const kept = keptAcrossDeployments(allRules().map((r) => r.view));

  it('keeps of a cluster what AKS901 and AKS603 read, and every other type they read whole', () => {
    expect(Object.keys(kept).sort()).toEqual([
      UNREAD_MODULE,
      'azurerm_kubernetes_cluster',
      'azurerm_security_center_subscription_pricing',
      'microsoft.containerservice/managedclusters',
      'microsoft.security/pricings',
    ]);
    expect(kept[UNREAD_MODULE]).toBe(true);
    expect(kept['microsoft.security/pricings']).toBe(true);
    const body = object(
      {
        name: scalar('aks-prod', 2),
        local_account_disabled: scalar('true', 3),
        tags: object({ env: scalar('prod', 5) }, 4),
        default_node_pool: object({ vm_size: scalar('Standard_D4s_v5', 7) }, 6),
        network_profile: object(
          { network_policy: scalar('azure', 9), pod_cidr: scalar('10.0.0.0/16', 10) },
          8,
        ),
      },
      1,
    );
    const cluster = keptAcross(resource('azurerm_kubernetes_cluster', 'terraform', body), kept)!;
    expect(keys(cluster.body)).toEqual(['name', 'local_account_disabled', 'network_profile']);
    expect(keys(entry(cluster.body, 'network_profile'))).toEqual(['network_policy']);
    // The rest of the resource as it was.
    expect(cluster.address).toBe('azurerm_kubernetes_cluster.aks');
    expect(
      keptAcross(resource('azurerm_kubernetes_cluster_node_pool', 'terraform', body), kept),
    ).toBeUndefined();
  });

  it('matches keys ignoring case, as ARM and Bicep read them', () => {
    const body = object(
      {
        Name: scalar('aks', 2),
        PROPERTIES: object({ DisableLocalAccounts: scalar('true', 4), dnsPrefix: scalar('aks', 5) }, 3),
      },
      1,
    );
    const cluster = keptAcross(resource('Microsoft.ContainerService/managedClusters', 'arm', body), kept)!;
    expect(keys(cluster.body)).toEqual(['Name', 'PROPERTIES']);
    expect(keys(entry(cluster.body, 'PROPERTIES'))).toEqual(['DisableLocalAccounts']);
  });

  it('keeps whole a value written somewhere else, whose nodes a finding where it is used meets', () => {
    const supplied = object({ networkPolicy: scalar('azure', 3), podCidr: scalar('10.0.0.0/16', 3) }, 3, [
      { file: 'parameters.json', line: 7, column: 1, endLine: 10, endColumn: 2 },
    ]);
    const body = object({ properties: object({ networkProfile: supplied }, 2) }, 1);
    const shape = { properties: { networkProfile: { networkPolicy: true as const } } };
    const trimmed = keepShape(body, shape, { wholeIfSupplied: true });
    expect(entry(entry(trimmed, 'properties')!, 'networkProfile')).toBe(supplied);
    expect(keys(entry(entry(keepShape(body, shape), 'properties')!, 'networkProfile'))).toEqual([
      'networkPolicy',
    ]);
  });
});
