import { getNodeValue } from 'jsonc-parser';
import type { FileError, LoadHost } from '../../model';
import { parseJsonDocument } from '../../parsers/arm/json';
import * as path from 'node:path';

/** A module call `terraform init` installed: its source and version as recorded, and its folder. */
export interface InstalledModule {
  source: string;
  version?: string;
  dir: string;
}

/**
 * The modules `terraform init` installed for a root, by call path (`aks`, `aks.node_pool`), read from
 * `.terraform/modules/modules.json`; folders are relative to the root, as Terraform records them.
 * Empty when the root was never initialised.
 */
export function readInstalledModules(
  root: string,
  host: LoadHost,
): { modules: Map<string, InstalledModule>; errors: FileError[] } {
  const modules = new Map<string, InstalledModule>();
  const manifest = path.posix.join(root, '.terraform/modules/modules.json');
  const text = host.readFile(manifest);
  if (text === undefined) return { modules, errors: [] };
  const doc = parseJsonDocument(manifest, text);
  if (doc.errors.length > 0 || !doc.root) return { modules, errors: doc.errors };
  const plain = getNodeValue(doc.root) as unknown;
  const list = isRecord(plain) ? plain.Modules : undefined;
  if (!Array.isArray(list)) {
    return {
      modules,
      errors: [
        {
          file: manifest,
          line: 1,
          column: 1,
          message: 'expected {"Modules": [...]}, as terraform init writes it',
        },
      ],
    };
  }
  for (const entry of list) {
    if (!isRecord(entry)) continue;
    const { Key: key, Source: source, Version: version, Dir: dir } = entry;
    // The root itself is recorded with an empty key.
    if (typeof key !== 'string' || key === '' || typeof source !== 'string' || typeof dir !== 'string')
      continue;
    modules.set(key, {
      source,
      ...(typeof version === 'string' && version !== '' ? { version } : {}),
      dir: path.posix.normalize(path.posix.join(root, dir.split('\\').join('/'))).replace(/\/$/, ''),
    });
  }
  return { modules, errors: [] };
}

/**
 * Whether the installed module is the one the call asks for: `terraform init` records registry sources
 * with their host (`registry.terraform.io/Azure/aks/azurerm` for `Azure/aks/azurerm`). A call whose
 * source changed since is not installed until `terraform init` runs again.
 */
export function isInstalledFrom(installed: InstalledModule, source: string): boolean {
  const bare = (s: string) => s.replace(/^registry\.terraform\.io\//i, '').toLowerCase();
  return installed.source === source || bare(installed.source) === bare(source);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
