/** Source text of an expression, written as is (a reference, a function call, an ARM or Bicep expression). */
export class Raw {
  constructor(readonly text: string) {}
}
export const raw = (text: string): Raw => new Raw(text);

export type Data =
  string | number | boolean | null | Raw | readonly Data[] | { readonly [key: string]: Data };

export type HclItem =
  | { kind: 'attr'; key: string; value: Data }
  | { kind: 'block'; header: string; body: HclItem[] }
  | { kind: 'comment'; text: string }
  | { kind: 'blank' };

export const attr = (key: string, value: Data): HclItem => ({ kind: 'attr', key, value });
/** An attribute whose value is HCL expression text. */
export const expr = (key: string, text: string): HclItem => ({ kind: 'attr', key, value: raw(text) });
export const block = (header: string, body: HclItem[]): HclItem => ({ kind: 'block', header, body });
export const comment = (text: string): HclItem => ({ kind: 'comment', text });
export const blank: HclItem = { kind: 'blank' };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function isScalar(value: Data): boolean {
  return value === null || typeof value !== 'object' || value instanceof Raw;
}

function hclString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** An HCL expression for plain data, laid out the way `terraform fmt` leaves it. */
export function hclValue(value: Data, indent = ''): string {
  if (value === null) return 'null';
  if (value instanceof Raw) return value.text.split('\n').join(`\n${indent}`);
  if (typeof value === 'string') return hclString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    const items = value as readonly Data[];
    if (items.length === 0) return '[]';
    if (items.every(isScalar)) {
      const line = `[${items.map((i) => hclValue(i, indent)).join(', ')}]`;
      if (line.length + indent.length < 100) return line;
    }
    return `[\n${items.map((i) => `${inner}${hclValue(i, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as { [key: string]: Data });
  if (entries.length === 0) return '{}';
  const keys = entries.map(([k]) => (IDENTIFIER.test(k) ? k : hclString(k)));
  const width = Math.max(...keys.map((k) => k.length));
  const lines = entries.map(([, v], i) => `${inner}${keys[i].padEnd(width)} = ${hclValue(v, inner)}`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** HCL body text: runs of attributes are aligned on `=`, as `terraform fmt` does. */
export function renderHcl(items: readonly HclItem[], indent = ''): string {
  const out: string[] = [];
  let run: { key: string; value: Data }[] = [];
  const flush = () => {
    const width = Math.max(0, ...run.map((a) => a.key.length));
    for (const a of run) out.push(`${indent}${a.key.padEnd(width)} = ${hclValue(a.value, indent)}`);
    run = [];
  };
  for (const item of items) {
    if (item.kind === 'attr') {
      run.push(item);
      continue;
    }
    flush();
    if (item.kind === 'blank') out.push('');
    else if (item.kind === 'comment') out.push(`${indent}# ${item.text}`);
    else {
      if (out.length > 0 && out[out.length - 1] !== '' && !out[out.length - 1].trimStart().startsWith('#'))
        out.push('');
      if (item.body.length === 0) {
        out.push(`${indent}${item.header} {}`);
        continue;
      }
      out.push(`${indent}${item.header} {`);
      out.push(renderHcl(item.body, indent + '  '));
      out.push(`${indent}}`);
    }
  }
  flush();
  return out.join('\n');
}

/** Top-level blocks of a .tf file, separated by blank lines. */
export function hclFile(blocks: readonly HclItem[]): string {
  return blocks.map((b) => renderHcl([b])).join('\n\n') + '\n';
}

function bicepString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\$\{/g, '\\${')}'`;
}

const BICEP_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A Bicep expression for plain data: objects and arrays one item per line, no commas. */
export function bicepValue(value: Data, indent = ''): string {
  if (value === null) return 'null';
  if (value instanceof Raw) return value.text.split('\n').join(`\n${indent}`);
  if (typeof value === 'string') return bicepString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    const items = value as readonly Data[];
    if (items.length === 0) return '[]';
    return `[\n${items.map((i) => `${inner}${bicepValue(i, inner)}`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as { [key: string]: Data });
  if (entries.length === 0) return '{}';
  const lines = entries.map(
    ([k, v]) => `${inner}${BICEP_IDENTIFIER.test(k) ? k : bicepString(k)}: ${bicepValue(v, inner)}`,
  );
  return `{\n${lines.join('\n')}\n${indent}}`;
}
