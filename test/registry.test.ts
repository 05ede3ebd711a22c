import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../policies';
import { ruleDoc, rulesTable } from '../src/cli/rules';
import { readmeWithRules } from '../src/cli/gen-docs';
import { VERSION } from '../src/engine/version';

const root = path.join(__dirname, '..');
const rules = allRules();

describe('rule registry', () => {
  it('lists every file under policies/ that defines a rule (npm run build regenerates the list)', () => {
    const defined: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else if (
          /^[a-z0-9-]+\.ts$/.test(e.name) &&
          /export default defineRule\(/.test(fs.readFileSync(full, 'utf8'))
        ) {
          defined.push((require(full) as { default: { id: string } }).default.id);
        }
      }
    };
    walk(path.join(root, 'policies'));
    expect(defined.length).toBeGreaterThan(0);
    expect(rules.map((r) => r.id).sort()).toEqual(defined.sort());
  });

  it('has unique, well-formed ids and slugs', () => {
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^(AKS|K8S)\d{3}$/);
    const slugs = rules.flatMap((r) => [r.slug, ...(r.aliases ?? [])]);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const slug of slugs) expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it.each(rules.map((r) => [r.id, r] as const))('%s has complete metadata and a test file', (_id, rule) => {
    expect(rule.title.length).toBeGreaterThan(5);
    expect(rule.description.length).toBeGreaterThan(20);
    expect(rule.rationale.length).toBeGreaterThan(40);
    expect(rule.references.length).toBeGreaterThan(0);
    for (const ref of rule.references) expect(ref).toMatch(/^https:\/\//);
    for (const format of rule.view.formats) {
      expect({ format, remediation: Boolean(rule.remediation[format]) }).toEqual({
        format,
        remediation: true,
      });
    }
    const dir = path.join(root, 'policies', rule.id.startsWith('AKS') ? 'aks' : 'k8s');
    expect(fs.existsSync(path.join(dir, `${rule.slug}.test.ts`))).toBe(true);
  });
});

describe('generated documentation', () => {
  it('README rule table matches the rules (run npm run docs)', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(readmeWithRules(readme, rulesTable(rules, 'markdown'))).toBe(readme);
  });

  it.each(rules.map((r) => [r.id, r] as const))(
    'docs/rules/%s.md matches the rule (run npm run docs)',
    (id, rule) => {
      expect(fs.readFileSync(path.join(root, 'docs', 'rules', `${id}.md`), 'utf8')).toBe(ruleDoc(rule));
    },
  );

  it('keeps the version in step with package.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});
