import { list, object, scalar, unknown, type Resource, type SourceRange, type Value } from '../../model';
import { isAnywhere, matchesInboundTcp, NsgRuleView, portCovers } from './network';
import type { Reading } from '../reading';

const at: SourceRange = { file: 'main.tf', line: 1, column: 1, endLine: 1, endColumn: 2 };

function ruleOf(settings: Record<string, Value>, family: 'terraform' | 'azure'): NsgRuleView {
  const body = object(
    Object.entries(settings).map(([key, value]) => ({ key, keyRange: at, value })),
    at,
  );
  const resource: Resource = {
    format: family === 'terraform' ? 'terraform' : 'arm',
    type:
      family === 'terraform'
        ? 'azurerm_network_security_rule'
        : 'Microsoft.Network/networkSecurityGroups/securityRules',
    name: 'r',
    address: 'r',
    file: 'main.tf',
    range: at,
    body,
    via: [],
    references: [],
  };
  return new NsgRuleView(resource, body, at, body, family);
}

/** matchesInboundTcp as it read the rule before its quick checks: from the readings alone. */
function fromReadings(rule: NsgRuleView, access: 'allow' | 'deny', port: number): 'no' | 'not ruled out' {
  const otherThan = (r: Reading<string | undefined>, accepted: string, orElse?: string) =>
    r.state !== 'unknown' && (r.value === undefined || (r.value !== accepted && r.value !== orElse));
  if (otherThan(rule.access(), access)) return 'no';
  const ports = rule.destinationPorts();
  if (ports.state !== 'unknown' && !(ports.value ?? []).some((p) => portCovers(p, port) === true))
    return 'no';
  if (otherThan(rule.direction(), 'inbound')) return 'no';
  if (otherThan(rule.protocol(), 'tcp', '*')) return 'no';
  return 'not ruled out';
}

describe('matchesInboundTcp', () => {
  const s = (v: string | number | boolean | null) => scalar(v, at);
  const u = unknown('var.x is not known', 'var.x', at);
  const texts: Array<Value | undefined> = [
    undefined,
    s(null),
    s('Allow'),
    s('DENY'),
    s('deny'),
    s(1),
    s(true),
    u,
    list([s('Allow')], at),
  ];
  const directions: Array<Value | undefined> = [undefined, s('Inbound'), s('outbound'), u, s(null)];
  const protocols: Array<Value | undefined> = [undefined, s('TCP'), s('*'), s('Udp'), u, s(7)];
  const ports: Array<[Value | undefined, Value | undefined]> = [
    [undefined, undefined],
    [s('22'), undefined],
    [s(22), undefined],
    [s('20-30'), undefined],
    [s('443'), undefined],
    [s(null), list([s('22'), s('80')], at)],
    [s('80'), list([s('22')], at)],
    [s('80'), list([u], at)],
    [u, list([s('22')], at)],
    [undefined, list([s(null), object([], at)], at)],
    [object([], at), undefined],
    [s('22'), u],
    [s('80'), u],
    [u, undefined],
  ];

  it('rules out what the readings rule out, and nothing else, whatever the settings hold', () => {
    for (const family of ['terraform', 'azure'] as const) {
      const names =
        family === 'terraform'
          ? {
              port: 'destination_port_range',
              ports: 'destination_port_ranges',
              source: 'source_address_prefix',
            }
          : { port: 'destinationPortRange', ports: 'destinationPortRanges', source: 'sourceAddressPrefix' };
      for (const access of texts)
        for (const direction of directions)
          for (const protocol of protocols)
            for (const [port, several] of ports) {
              // From anywhere: a rule not ruled out is then a match, or unknown.
              const settings: Record<string, Value> = { [names.source]: s('*') };
              if (access) settings.access = access;
              if (direction) settings.direction = direction;
              if (protocol) settings.protocol = protocol;
              if (port) settings[names.port] = port;
              if (several) settings[names.ports] = several;
              for (const wanted of ['allow', 'deny'] as const) {
                const verdict = matchesInboundTcp(ruleOf(settings, family), wanted, 22, isAnywhere).state;
                const expected = fromReadings(ruleOf(settings, family), wanted, 22);
                expect({ settings, wanted, ruledOut: verdict === 'no' }).toEqual({
                  settings,
                  wanted,
                  ruledOut: expected === 'no',
                });
              }
            }
    }
  });
});
