import * as path from 'node:path';
import { getNodeValue } from 'jsonc-parser';
import { getMember, members, nodeRange, parseJsonDocument, type JsonDocument } from '../../parsers/arm/json';
import type { FileError, LoadHost, SourceFile, SourceRange } from '../../model';
import { Unknown, plainToEv, type Ev } from '../template-functions/values';

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
      values.set(m.key.toLowerCase(), plainToEv(getNodeValue(value)));
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
