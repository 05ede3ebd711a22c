import { UNREAD_MODULE, object, scalar, toPlain, type Resource, type SourceRange } from '../model';
import { clusterFromCall } from './modules';

const range = (line: number): SourceRange => ({
  file: 'main.tf',
  line,
  column: 1,
  endLine: line,
  endColumn: 2,
});

describe('clusterFromCall', () => {
  it('places an input inside another input’s object without changing the object the calls share', () => {
    // One object (a local, say) passed to two calls: the evaluator hands both the same value.
    const shared = object(
      [{ key: 'network_plugin', keyRange: range(1), value: scalar('azure', range(1)) }],
      range(1),
    );
    const call = (name: string, policy: string, line: number): Resource => ({
      format: 'terraform',
      type: UNREAD_MODULE,
      name,
      address: `module.${name}`,
      file: 'main.tf',
      range: range(line),
      body: object(
        [
          { key: 'network_profile', keyRange: range(line), value: shared },
          { key: 'network_policy', keyRange: range(line + 1), value: scalar(policy, range(line + 1)) },
        ],
        range(line),
      ),
      via: [],
      references: [],
      moduleSource: 'example/aks/azurerm',
    });
    const module: Parameters<typeof clusterFromCall>[1] = {
      title: 'example',
      source: /^example\/aks\/azurerm$/,
      family: 'terraform',
      inputs: { network_profile: 'network_profile', network_policy: 'network_profile.network_policy' },
    };
    const a = clusterFromCall(call('a', 'calico', 10), module, 'azurerm_kubernetes_cluster');
    const b = clusterFromCall(call('b', 'azure', 20), module, 'azurerm_kubernetes_cluster');
    expect(toPlain(a.body)).toEqual({
      network_profile: { network_plugin: 'azure', network_policy: 'calico' },
    });
    expect(toPlain(b.body)).toEqual({
      network_profile: { network_plugin: 'azure', network_policy: 'azure' },
    });
    expect(toPlain(shared)).toEqual({ network_plugin: 'azure' });
  });
});
