import * as path from 'node:path';
import { getNodeValue } from 'jsonc-parser';
import type { LoadHost } from '../../model';
import { parseJsonDocument } from '../../parsers/arm/json';

/**
 * Where `bicep restore` keeps a registry module: the module cache (`~/.bicep`, or
 * BICEP_CACHE_DIRECTORY) holds, per reference, `br/<registry>/<repository>/<tag>/main.json`, the
 * compiled ARM template of the module. As Bicep's OciArtifactRegistry names the folders: the registry
 * lower-cased with `:` (a port) as `$`, the repository with `/` as `$`, the tag followed by `$` and the
 * hexadecimal mask of its upper-case letters (TagEncoder), a digest with `:` as `#`.
 */
export interface RegistryReference {
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

/** The public registry alias every Bicep configuration knows (`br/public:`). */
const BUILT_IN_ALIASES: Readonly<Record<string, { registry: string; modulePath?: string }>> = {
  public: { registry: 'mcr.microsoft.com', modulePath: 'bicep' },
};

/**
 * A `br:` or `br/<alias>:` module path as registry, repository and tag or digest; undefined for what
 * is not one, or an alias that neither Bicep nor a bicepconfig.json above `fromFile` defines.
 */
export function parseRegistryReference(
  target: string,
  fromFile: string,
  host: LoadHost,
): RegistryReference | { unresolvedAlias: string } | undefined {
  const aliased = /^br\/([^:]+):(.+)$/i.exec(target);
  let full: string;
  if (aliased) {
    const alias = aliased[1];
    const configured = record(configuredAliases('br', fromFile, host)?.[alias]);
    const registry = configured?.registry;
    const modulePath = configured?.modulePath;
    const known =
      typeof registry === 'string'
        ? { registry, modulePath: typeof modulePath === 'string' ? modulePath : undefined }
        : BUILT_IN_ALIASES[alias.toLowerCase()];
    if (!known) return { unresolvedAlias: alias };
    const prefix = known.modulePath ? `${known.modulePath.replace(/\/+$/, '')}/` : '';
    full = `${known.registry}/${prefix}${aliased[2]}`;
  } else {
    const direct = /^br:(.+)$/i.exec(target);
    if (!direct) return undefined;
    full = direct[1];
  }
  const digestAt = full.indexOf('@');
  const slash = full.indexOf('/');
  if (slash <= 0) return undefined;
  const registry = full.slice(0, slash);
  const rest = full.slice(slash + 1);
  if (digestAt > slash) {
    const repository = full.slice(slash + 1, digestAt);
    return repository ? { registry, repository, digest: full.slice(digestAt + 1) } : undefined;
  }
  const colon = rest.lastIndexOf(':');
  if (colon <= 0 || colon === rest.length - 1) return undefined;
  return { registry, repository: rest.slice(0, colon), tag: rest.slice(colon + 1) };
}

/** A template spec module: `ts:<subscription>/<resource group>/<name>:<version>`. */
export interface TemplateSpecReference {
  subscription: string;
  resourceGroup: string;
  name: string;
  version: string;
}

/**
 * A `ts:` or `ts/<alias>:` module path (the alias's subscription and resource group from
 * bicepconfig.json), undefined for what is not one.
 */
export function parseTemplateSpecReference(
  target: string,
  fromFile: string,
  host: LoadHost,
): TemplateSpecReference | { unresolvedAlias: string } | undefined {
  const aliased = /^ts\/([^:]+):([^:]+):(.+)$/i.exec(target);
  if (aliased) {
    const entry = record(configuredAliases('ts', fromFile, host)?.[aliased[1]]);
    const subscription = entry?.subscription;
    const resourceGroup = entry?.resourceGroup;
    if (typeof subscription !== 'string' || typeof resourceGroup !== 'string')
      return { unresolvedAlias: aliased[1] };
    return { subscription, resourceGroup, name: aliased[2], version: aliased[3] };
  }
  const direct = /^ts:([^/]+)\/([^/]+)\/([^:]+):(.+)$/i.exec(target);
  if (!direct) return undefined;
  return { subscription: direct[1], resourceGroup: direct[2], name: direct[3], version: direct[4] };
}

/** As Bicep's TemplateSpecModuleRegistry: `ts/<subscription>/<group>/<name>/<version>`, lower-cased. */
export function cachedTemplateSpecDir(cacheRoot: string, ref: TemplateSpecReference): string {
  return path.posix.join(
    cacheRoot.split('\\').join('/'),
    'ts',
    ...[ref.subscription, ref.resourceGroup, ref.name, ref.version].map((s) => s.toLowerCase()),
  );
}

/** The folder of a reference inside the module cache root, with forward slashes. */
export function cachedModuleDir(cacheRoot: string, ref: RegistryReference): string {
  const registry = ref.registry.replace(/:/g, '$').toLowerCase();
  const repository = ref.repository.replace(/\//g, '$');
  const version = ref.tag !== undefined ? encodeTag(ref.tag) : (ref.digest ?? '').replace(/:/g, '#');
  return path.posix.join(cacheRoot.split('\\').join('/'), 'br', registry, repository, version);
}

/** Bicep's TagEncoder: the tag, `$`, then which of its characters are upper case, as a hex bit mask. */
export function encodeTag(tag: string): string {
  const words: bigint[] = [0n, 0n];
  for (let i = 0; i < tag.length && i < 128; i++) {
    const c = tag[i];
    if (c !== c.toLowerCase() && c === c.toUpperCase()) words[i >> 6] |= 1n << BigInt(i % 64);
  }
  let suffix = '';
  for (let i = words.length - 1; i >= 0; i--) {
    if (words[i] === 0n && suffix === '') continue;
    suffix += suffix === '' ? words[i].toString(16) : words[i].toString(16).padStart(16, '0');
  }
  return `${tag}$${suffix}`;
}

/**
 * `moduleAliases.<scheme>` of the bicepconfig.json nearest above the file, as Bicep reads it: the
 * first bicepconfig.json found from the file's folder upward (only files the scan may read).
 */
function configuredAliases(
  scheme: 'br' | 'ts',
  fromFile: string,
  host: LoadHost,
): Record<string, unknown> | undefined {
  for (let dir = path.posix.dirname(fromFile); ; dir = path.posix.dirname(dir)) {
    const file = dir === '.' ? 'bicepconfig.json' : `${dir}/bicepconfig.json`;
    const text = host.readFile(file);
    if (text !== undefined) {
      const doc = parseJsonDocument(file, text);
      const plain = doc.root ? (getNodeValue(doc.root) as unknown) : undefined;
      return record(record(record(plain)?.moduleAliases)?.[scheme]);
    }
    if (dir === '.' || dir === '/' || dir === path.posix.dirname(dir) || dir.startsWith('..'))
      return undefined;
  }
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
