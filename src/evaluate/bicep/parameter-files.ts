import * as path from 'node:path';
import type { FileError, LoadHost, SourceRange, Value } from '../../model';
import { findParameterFiles, type ParameterFile, type ParameterFileCache } from '../arm/parameters';
import { evToValue } from '../template-functions/values';
import type { ParsedFile } from './template';

/** Parameter names a Bicep template declares, by lower-case name (deployments match them ignoring case). */
function declaredParams(template: ParsedFile): Map<string, string> {
  const names = new Map<string, string>();
  for (const s of template.syntax.statements) if (s.kind === 'param') names.set(s.name.toLowerCase(), s.name);
  return names;
}

const fits = (file: ParameterFile, declared: Map<string, string>) =>
  file.names.every((n) => declared.has(n.toLowerCase()));

/**
 * JSON parameters files (`deploymentParameters` schema) for a Bicep template, as for an ARM template:
 * files given with `--parameters` that fit the template (it declares every parameter they set)
 * replace those found beside it (`<stem>.parameters.json`, `<stem>.parameters.<env>.json`, else
 * `azuredeploy.parameters*.json`). A file found by the `azuredeploy` fallback is used only when it
 * fits, since it may belong to another template in the folder. The template (at display path
 * `templatePath`) is parsed only when a file has to be fitted to it: most have no JSON parameters
 * files, and a load parses each template just before evaluating it (see loadBicep).
 */
export function jsonParameterFilesFor(
  templatePath: string,
  template: () => ParsedFile | undefined,
  explicit: readonly string[],
  host: LoadHost,
  cache: ParameterFileCache,
  errors: FileError[],
): ParameterFile[] {
  let declared: Map<string, string> | undefined;
  const fitsTemplate = (file: ParameterFile) => {
    if (declared === undefined) {
      const parsed = template();
      declared = parsed ? declaredParams(parsed) : new Map();
    }
    return fits(file, declared);
  };
  const read = (p: string): ParameterFile | undefined => {
    const entry = cache.get(p);
    errors.push(...entry.errors);
    return entry.file;
  };
  const given = explicit
    .filter((p) => /\.jsonc?$/i.test(p))
    .map(read)
    .filter((f): f is ParameterFile => f !== undefined && fitsTemplate(f));
  if (given.length > 0) return given;
  const stem = path.posix
    .basename(templatePath)
    .replace(/\.bicep$/i, '')
    .toLowerCase();
  const found: ParameterFile[] = [];
  for (const p of findParameterFiles(templatePath, host)) {
    const file = read(p);
    const own = path.posix.basename(p).toLowerCase().startsWith(`${stem}.`);
    if (file && (own || fitsTemplate(file))) found.push(file);
  }
  return found;
}

/** The values a JSON parameters file gives a Bicep template's params, each at the range it is written. */
export function jsonParameterValues(file: ParameterFile, template: ParsedFile): Map<string, Value> {
  const values = new Map<string, Value>();
  const whole: SourceRange = { file: file.path, line: 1, column: 1, endLine: 1, endColumn: 1 };
  for (const [key, name] of declaredParams(template)) {
    const ev = file.values.get(key);
    if (ev === undefined) continue;
    values.set(name, evToValue(ev, file.ranges.get(key) ?? whole, name));
  }
  return values;
}
