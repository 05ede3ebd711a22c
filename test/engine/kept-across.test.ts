import { allRules } from '../../policies';
import {
  UNREAD_MODULE,
  type ObjectEntry,
  type Resource,
  type SourceRange,
  type Value,
} from '../../src/model';
import { LineIndex, WrittenList, WrittenObject, WrittenScalar, quotedKeyEntry } from '../../src/model';
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

  it('copies values that are their own range (ARM templates) as plain values, sent as JSON', () => {
    const text = '{"properties": {"dnsPrefix": "aks", "zones": [1]}, "sku": "Free"}';
    const source = new LineIndex(text).rangeSource('azuredeploy.json');
    const span = (part: string) => [text.indexOf(part), text.indexOf(part) + part.length] as const;
    const written = (key: string, value: Value) => quotedKeyEntry(key, value, source, ...span(`"${key}"`));
    const zones = new WrittenList(source, ...span('[1]'), [new WrittenScalar(source, ...span('1'), 1)]);
    const properties = new WrittenObject(source, ...span('{"dnsPrefix": "aks", "zones": [1]}'), [
      written('dnsPrefix', new WrittenScalar(source, ...span('"aks"'), 'aks')),
      written('zones', zones),
    ]);
    const body = new WrittenObject(source, 0, text.length, [
      written('properties', properties),
      written('sku', new WrittenScalar(source, ...span('"Free"'), 'Free')),
    ]);
    const trimmed = keepShape(body, { properties: { zones: {} } });
    // What a worker sends back: before, a copy spread from the value carried its text's index (a cycle).
    const sent = JSON.parse(JSON.stringify(trimmed)) as Value;
    expect(keys(sent)).toEqual(['properties']);
    expect(keys(entry(sent, 'properties'))).toEqual(['zones']);
    expect(sent.range).toEqual({
      file: 'azuredeploy.json',
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: text.length + 1,
    });
    const kept = entry(entry(sent, 'properties')!, 'zones')!;
    expect(kept).toMatchObject({
      kind: 'list',
      range: { column: text.indexOf('[1]') + 1, endColumn: text.indexOf('[1]') + 4 },
    });
    expect(Object.keys(trimmed)).toEqual(['kind', 'entries', 'range']);
  });
});
