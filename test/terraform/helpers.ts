import { MemoryHost } from '../../src/discover/host';
import { terraformLoader } from '../../src/evaluate/terraform';
import type { ModuleEnv } from '../../src/evaluate/terraform/evaluate';
import { toPlain, type LoadResult, type Resource, type Value } from '../../src/model';
import { dedent } from '../rule-tester';

/** HCL in a template literal: indentation stripped; write `\${` for an HCL interpolation. */
export function tf(strings: TemplateStringsArray, ...values: unknown[]): string {
  return dedent(strings, ...values)
    .replace(/\\\$\{/g, '${')
    .replace(/\\%\{/g, '%{');
}

/** Load in-memory files; every .tf file is an entry unless `entries` says otherwise. */
export function load(
  files: Record<string, string>,
  opts: { entries?: string[]; varFiles?: string[] } = {},
): Promise<LoadResult> {
  const host = new MemoryHost(files);
  const entryPaths = opts.entries ?? Object.keys(files).filter((p) => p.endsWith('.tf'));
  return terraformLoader.load(
    entryPaths.map((p) => ({ path: p, text: files[p] })),
    host,
    { varFiles: opts.varFiles ?? [], parameterFiles: [] },
  );
}

export function resource(result: LoadResult, address: string): Resource {
  const found = result.resources.find((r) => r.address === address);
  if (!found)
    throw new Error(`no resource ${address}; have ${result.resources.map((r) => r.address).join(', ')}`);
  return found;
}

export function attr(r: Resource, ...path: string[]): Value | undefined {
  let cur: Value | undefined = r.body;
  for (const key of path) {
    if (!cur || cur.kind !== 'object') return undefined;
    cur = cur.entries.find((e) => e.key === key)?.value;
  }
  return cur;
}

export function plain(r: Resource, ...path: string[]): unknown {
  const v = attr(r, ...path);
  return v ? toPlain(v) : undefined;
}

/** Evaluate one expression as a local value (other locals and variables may be declared in `extra`). */
export async function evalExpr(expr: string, extra = ''): Promise<Value> {
  const result = await load({
    'main.tf': `${extra}\nresource "t" "x" {\n  v = ${expr}\n}\n`,
  });
  if (result.errors.length > 0)
    throw new Error(result.errors.map((e) => `${e.line}:${e.column} ${e.message}`).join('; '));
  return attr(resource(result, 't.x'), 'v')!;
}

export async function evalPlain(expr: string, extra = ''): Promise<unknown> {
  const v = await evalExpr(expr, extra);
  if (v.kind === 'unknown') return { unknown: v.reason };
  return toPlain(v);
}

/** A root module that declares nothing: for evaluating expressions on their own. */
export const EMPTY_MODULE_ENV: ModuleEnv = {
  addressPrefix: '',
  moduleDir: '.',
  rootDir: '.',
  variable: () => undefined,
  local: () => undefined,
  module: () => undefined,
};
