import type { Node as JsonNode } from 'jsonc-parser';
import type { Resource, SourceRange } from '../model';
import { isLiteral, matchingBracket, SourceText, syntaxOf } from './text';

/** Where a value that a reference stands for is written: the literal a fix edits instead of the reference. */
export interface Definition {
  file: string;
  start: number;
  end: number;
}

export interface SourceLookup {
  source(file: string): SourceText | undefined;
  files(): readonly string[];
}

/**
 * The literal behind a reference the evaluator resolved: a Terraform variable (its tfvars value or
 * default), a Bicep parameter (its .bicepparam or parameters-file value, or default) or an ARM parameter
 * (its parameters-file value or defaultValue). Undefined, so no fix is offered, when the reference is
 * anything else, when the definition is not in the scanned files, when it is used more than once (the
 * fix would change what else uses it), or when the resource is inside a module (its inputs come from
 * every caller).
 */
export function definitionOf(
  lookup: SourceLookup,
  resource: Resource,
  range: SourceRange,
  text: string,
): Definition | undefined {
  if (resource.via.length > 0) return undefined;
  const syntax = syntaxOf(range.file);
  if (syntax === 'hcl') {
    const name = /^var\.([A-Za-z_][\w-]*)$/.exec(text)?.[1];
    return name ? terraformVariable(lookup, range.file, name) : undefined;
  }
  if (syntax === 'bicep') {
    const name = /^[A-Za-z_]\w*$/.exec(text)?.[0];
    return name ? bicepParameter(lookup, resource, range.file, name) : undefined;
  }
  if (syntax === 'json' && resource.format === 'arm') {
    const name = /^"\[parameters\('([^']+)'\)\]"$/.exec(text)?.[1];
    return name ? armParameter(lookup, resource, range.file, name) : undefined;
  }
  return undefined;
}

const dirOf = (file: string) => (file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

function terraformVariable(lookup: SourceLookup, file: string, name: string): Definition | undefined {
  const dir = dirOf(file);
  const inDir = lookup.files().filter((f) => dirOf(f) === dir);
  const configs = inDir.filter((f) => f.endsWith('.tf'));
  const uses = new RegExp(`\\bvar\\.${escape(name)}\\b`, 'g');
  if (configs.reduce((n, f) => n + count(lookup.source(f)?.text ?? '', uses), 0) !== 1) return undefined;
  // Variable files of this root: those beside it, and those given with --var-file from folders without
  // configuration of their own. Terraform lets the last win; several that set it leave the choice open.
  const configDirs = new Set(
    lookup
      .files()
      .filter((f) => f.endsWith('.tf'))
      .map(dirOf),
  );
  const varFiles = lookup
    .files()
    .filter((f) => /\.tfvars(\.json)?$/.test(f) && (dirOf(f) === dir || !configDirs.has(dirOf(f))));
  const assigned = varFiles.flatMap((f) => {
    const src = lookup.source(f);
    const found = src && (f.endsWith('.json') ? jsonMember(src, [name]) : hclAssignment(src, name, src.text));
    return found === null ? [] : [found];
  });
  if (assigned.length > 1) return undefined;
  if (assigned.length === 1) return assigned[0];
  for (const f of configs) {
    const src = lookup.source(f)!;
    const head = new RegExp(`^[ \\t]*variable[ \\t]+"${escape(name)}"[ \\t]*\\{`, 'm').exec(src.text);
    if (!head) continue;
    const open = head.index + head[0].length - 1;
    const close = matchingBracket(src, open, 'hcl');
    if (close === undefined) return undefined;
    return hclAssignment(src, 'default', src.text.slice(0, close), open) ?? undefined;
  }
  return undefined;
}

/**
 * `name = literal` on one line of HCL, searched in `text` (a prefix of the file) from `from`. Null when
 * not assigned, undefined when assigned something other than a literal.
 */
function hclAssignment(src: SourceText, name: string, text: string, from = 0): Definition | undefined | null {
  const re = new RegExp(`^[ \\t]*${escape(name)}[ \\t]*=[ \\t]*(.*?)[ \\t]*(?:(?:#|//).*)?\\r?$`, 'gm');
  re.lastIndex = from;
  const m = re.exec(text);
  if (!m) return null;
  const start = m.index + m[0].indexOf(m[1], m[0].indexOf('=') + 1);
  return isLiteral('hcl', m[1]) ? { file: src.file, start, end: start + m[1].length } : undefined;
}

function bicepParameter(
  lookup: SourceLookup,
  resource: Resource,
  file: string,
  name: string,
): Definition | undefined {
  const src = lookup.source(file);
  if (!src) return undefined;
  const declaration = new RegExp(
    `^[ \\t]*param[ \\t]+${escape(name)}[ \\t]+[\\w.]+(?:\\[\\])?[ \\t]*(?:=[ \\t]*(.*?))?[ \\t]*(?://.*)?\\r?$`,
    'm',
  ).exec(src.text);
  if (!declaration) return undefined;
  const uses = new RegExp(`(?<![\\w.'])${escape(name)}(?![\\w'])`, 'g');
  if (count(src.text, uses) !== 2) return undefined;
  const fromFile = parameterFileValue(lookup, resource, dirOf(file), (f) => {
    const p = lookup.source(f);
    if (!p) return null;
    if (f.endsWith('.json')) return jsonMember(p, ['parameters', name, 'value']);
    const m = new RegExp(
      `^[ \\t]*param[ \\t]+${escape(name)}[ \\t]*=[ \\t]*(.*?)[ \\t]*(?://.*)?\\r?$`,
      'm',
    ).exec(p.text);
    if (!m) return null;
    const start = m.index + m[0].lastIndexOf(m[1]);
    return isLiteral('bicep', m[1]) ? { file: f, start, end: start + m[1].length } : undefined;
  });
  if (fromFile !== null) return fromFile;
  const value = declaration[1];
  if (value === undefined || !isLiteral('bicep', value)) return undefined;
  const start = declaration.index + declaration[0].indexOf(value, declaration[0].indexOf('='));
  return { file, start, end: start + value.length };
}

function armParameter(
  lookup: SourceLookup,
  resource: Resource,
  file: string,
  name: string,
): Definition | undefined {
  const src = lookup.source(file);
  if (!src) return undefined;
  const uses = new RegExp(`parameters\\(\\s*'${escape(name)}'\\s*\\)`, 'gi');
  if (count(src.text, uses) !== 1) return undefined;
  const fromFile = parameterFileValue(lookup, resource, dirOf(file), (f) => {
    const p = lookup.source(f);
    return p ? jsonMember(p, ['parameters', name, 'value']) : null;
  });
  if (fromFile !== null) return fromFile;
  return jsonMember(src, ['parameters', name, 'defaultValue']) ?? undefined;
}

/**
 * The value a parameter file gives: the file of the finding's context when the template was evaluated
 * under several, else the one parameter file beside the template that sets it. Null when none sets it
 * (the default applies), undefined when it cannot be told which.
 */
function parameterFileValue(
  lookup: SourceLookup,
  resource: Resource,
  dir: string,
  valueIn: (file: string) => Definition | undefined | null,
): Definition | undefined | null {
  if (resource.context) return valueIn(resource.context.name);
  const candidates = lookup
    .files()
    .filter(
      (f) =>
        dirOf(f) === dir &&
        (f.endsWith('.bicepparam') ||
          (f.endsWith('.json') && /deploymentParameters\.json/i.test(lookup.source(f)?.text ?? ''))),
    );
  const found = candidates.map(valueIn).filter((d) => d !== null);
  return found.length === 0 ? null : found.length === 1 ? found[0] : undefined;
}

/** A member of a JSON document by path (keys compared case-insensitively, as Azure does): null when absent. */
function jsonMember(src: SourceText, path: readonly string[]): Definition | undefined | null {
  let node: JsonNode | undefined = src.jsonTree();
  for (const key of path) {
    if (node?.type !== 'object') return null;
    const lower = key.toLowerCase();
    const property: JsonNode | undefined = node.children?.find(
      (p) =>
        typeof p.children?.[0]?.value === 'string' && String(p.children[0].value).toLowerCase() === lower,
    );
    node = property?.children?.[1];
    if (!node) return null;
  }
  if (!node) return null;
  const text = src.text.slice(node.offset, node.offset + node.length);
  return isLiteral('json', text)
    ? { file: src.file, start: node.offset, end: node.offset + node.length }
    : undefined;
}
