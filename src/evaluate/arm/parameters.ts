import * as path from 'node:path';
import {
  getMember,
  members,
  nodeRange,
  parseJsonDocument,
  type JsonDocument,
  type JsonNode,
} from '../../parsers/arm/json';
import type { FileError, LoadHost, SourceFile, SourceRange } from '../../model';
import { EvObject, Unknown, type Ev } from '../template-functions/values';

/** One ARM parameters file: values by lower-case parameter name. */
export interface ParameterFile {
  path: string;
  values: Map<string, Ev>;
  /** Where each value is written, by lower-case parameter name. */
  ranges: Map<string, SourceRange>;
  /** Parameter names as written, to see whether the file fits a template. */
  names: string[];
}

export function isParameterFileText(text: string): boolean {
  return /"\$schema"\s*:\s*"[^"]*deploymentParameters/i.test(text.slice(0, 4096));
}

/** Read a parameters file; syntax errors are reported and the values that could be read are kept. */
export function readParameterFile(doc: JsonDocument): { file?: ParameterFile; errors: FileError[] } {
  const root = doc.root;
  if (!root) return { errors: doc.errors };
  const parameters = getMember(root, 'parameters');
  if (parameters?.type !== 'object') {
    const errors = [...doc.errors];
    if (errors.length === 0)
      errors.push({
        file: doc.path,
        line: 1,
        column: 1,
        message: 'parameters file has no "parameters" object',
      });
    return { errors };
  }
  const values = new Map<string, Ev>();
  const ranges = new Map<string, SourceRange>();
  const names: string[] = [];
  for (const m of members(parameters)) {
    names.push(m.key);
    const value = getMember(m.value, 'value');
    if (value) {
      values.set(m.key.toLowerCase(), nodeToEv(value));
      ranges.set(m.key.toLowerCase(), nodeRange(doc, value));
    } else if (getMember(m.value, 'reference'))
      values.set(
        m.key.toLowerCase(),
        new Unknown(`parameter '${m.key}' is a Key Vault reference in ${doc.path}, known only at deployment`),
      );
  }
  return { file: { path: doc.path, values, ranges, names }, errors: doc.errors };
}

/**
 * A JSON value as expression data: what `plainToEv(getNodeValue(node))` gives, without the plain copy
 * between (a third of reading a parameters file).
 */
function nodeToEv(node: JsonNode): Ev {
  switch (node.type) {
    case 'array': {
      const children = node.children ?? [];
      const items = new Array<Ev>(children.length);
      for (let i = 0; i < children.length; i++) items[i] = nodeToEv(children[i]);
      return items;
    }
    case 'object':
      return membersInOrder(node) ?? membersAsPlainCopy(node);
    case 'string':
    case 'number':
    case 'boolean':
      return node.value as string | number | boolean;
    default:
      return null;
  }
}

/**
 * An object's members set in the order written, undefined where that order is not the plain copy's: a
 * key that may be an array index (a plain object lists those first) or two keys the same but for case
 * (the copy sets each distinct key at its first place, with its last value).
 */
function membersInOrder(node: JsonNode): EvObject | undefined {
  const obj = new EvObject();
  for (const prop of node.children ?? []) {
    const value = prop.children?.[1];
    if (!value) continue;
    const key = String(prop.children?.[0]?.value);
    const first = key.charCodeAt(0);
    if (first >= 48 && first <= 57) return undefined;
    if (obj.set(key, nodeToEv(value))) return undefined;
  }
  return obj;
}

/** The object as getNodeValue copies it: keys in a prototype-less object's order, a repeated key's last value. */
function membersAsPlainCopy(node: JsonNode): EvObject {
  const written = Object.create(null) as Record<string, JsonNode>;
  for (const prop of node.children ?? []) {
    const value = prop.children?.[1];
    if (value) written[String(prop.children?.[0]?.value)] = value;
  }
  const obj = new EvObject();
  for (const key in written) obj.set(key, nodeToEv(written[key]));
  return obj;
}

/**
 * Parameters files picked up beside a template `<stem>.json` (or `<stem>.bicep`): `<stem>.parameters.json`,
 * `<stem>.parameters.<env>.json` and `<stem>.<env>.parameters.json`; when there is none of those,
 * `azuredeploy.parameters.json` (and `azuredeploy.parameters.<env>.json`) in the same folder.
 */
export function findParameterFiles(templatePath: string, host: LoadHost): string[] {
  const dir = path.posix.dirname(templatePath);
  const stem = path.posix.basename(templatePath).replace(/\.(?:jsonc?|bicep)$/i, '');
  const inDir = host.listDir(dir).map((p) => ({ p, base: path.posix.basename(p) }));
  const own = matching(inDir, stem);
  const found = own.length > 0 || stem.toLowerCase() === 'azuredeploy' ? own : matching(inDir, 'azuredeploy');
  return found.filter((p) => p !== templatePath).sort();
}

function matching(files: { p: string; base: string }[], stem: string): string[] {
  const s = escapeRegExp(stem);
  const pattern = new RegExp(`^${s}\\.(?:parameters(?:\\.[^.]+)?|[^.]+\\.parameters)\\.json$`, 'i');
  return files.filter((f) => pattern.test(f.base)).map((f) => f.p);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Parameters files read once per load, whichever templates use them. */
export class ParameterFileCache {
  private readonly cache = new Map<string, { file?: ParameterFile; errors: FileError[] }>();
  readonly read: SourceFile[] = [];

  constructor(private readonly host: LoadHost) {}

  get(p: string): { file?: ParameterFile; errors: FileError[] } {
    let entry = this.cache.get(p);
    if (!entry) {
      const text = this.host.readFile(p);
      if (text === undefined) {
        entry = { errors: [{ file: p, line: 1, column: 1, message: 'parameters file cannot be read' }] };
      } else {
        this.read.push({ path: p, text });
        entry = readParameterFile(parseJsonDocument(p, text));
      }
      this.cache.set(p, entry);
    }
    return entry;
  }
}
