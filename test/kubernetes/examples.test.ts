import { MemoryHost } from '../../src/discover/host';
import { analyze } from '../../src/engine/analyze';
import { allRules } from '../../policies';
import { exampleFiles } from './examples';

async function scan(kind: 'insecure' | 'secure') {
  const files = exampleFiles(kind);
  const host = new MemoryHost(Object.fromEntries(files.map((f) => [f.path, f.text])));
  const rules = allRules().filter((r) => r.id.startsWith('K8S'));
  return { rules, result: await analyze(files, host, { varFiles: [], parameterFiles: [] }, rules) };
}

describe('Kubernetes examples', () => {
  it('the K8S rules are exactly the rules that read manifests', () => {
    const ids = allRules()
      .filter((r) => r.id.startsWith('K8S'))
      .map((r) => r.id);
    const readManifests = allRules()
      .filter((r) => r.view.formats.includes('kubernetes'))
      .map((r) => r.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual(readManifests);
  });

  it('the insecure example trips every Kubernetes rule', async () => {
    const { rules, result } = await scan('insecure');
    expect(result.errors).toEqual([]);
    const tripped = new Set(result.findings.filter((f) => f.status === 'fail').map((f) => f.ruleId));
    expect(rules.map((r) => r.id).filter((id) => !tripped.has(id))).toEqual([]);
    for (const f of result.findings) {
      expect(f.file).toMatch(/^examples\/insecure\/kubernetes\/[a-z-]+\.yaml$/);
      expect(f.line).toBeGreaterThan(0);
    }
  });

  it('the secure example trips none', async () => {
    const { result } = await scan('secure');
    expect(result.errors).toEqual([]);
    expect(result.graph.resources.length).toBeGreaterThan(10);
    expect(result.findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`)).toEqual([]);
  });
});
