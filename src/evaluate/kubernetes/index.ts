import * as path from 'node:path';
import {
  normalizePath,
  type FileError,
  type FormatLoader,
  type LoadHost,
  type Resource,
  type SkipNote,
  type SourceFile,
} from '../../model';
import { isKustomization, kustomizationPatchPaths } from '../../parsers/kubernetes/kustomize';
import { readManifestFile } from '../../parsers/kubernetes/manifests';
import { countYamlSyntaxErrors } from '../../parsers/kubernetes/yaml';
import { isKubernetesJson } from '../../discover/content';
import { folderOf, folderReader, linkedGroups } from '../units';

const YAML_FILE = /\.ya?ml$/i;
/** Terraform's JSON syntax is Terraform's, whatever it holds. */
const JSON_FILE = /(?<!\.tf)\.json$/i;
/** Standard input under a name without extension: recognised by content, cheaply. */
const LOOKS_LIKE_MANIFEST = /^apiVersion:\s*\S/m;
const KIND_LINE = /^kind:\s*\S/m;

export const kubernetesLoader: FormatLoader = {
  format: 'kubernetes',
  claims(path, text) {
    if (YAML_FILE.test(path)) return true;
    // JSON is YAML: a manifest written as JSON (`kubectl get -o json`) reads as one, once its content says so.
    if (JSON_FILE.test(path)) return isKubernetesJson(text);
    const base = path.split('/').pop() ?? path;
    return !base.includes('.') && LOOKS_LIKE_MANIFEST.test(text) && KIND_LINE.test(text);
  },
  async load(entries, host, options) {
    const resources: Resource[] = [];
    const errors: FileError[] = [];
    const skipped: SkipNote[] = [];
    const files: SourceFile[] = [];
    const patchedBy = kustomizePatches(entries, host);
    for (const file of entries) {
      files.push(file);
      const kustomization = patchedBy.size > 0 ? patchedBy.get(normalizePath(file.path)) : undefined;
      if (kustomization) {
        skipped.push(patchNote(file.path, kustomization));
        continue;
      }
      try {
        const read = readManifestFile(file);
        resources.push(...read.resources);
        errors.push(...read.errors);
        skipped.push(...read.skipped);
        options.onParsed?.(file.path);
      } catch (err) {
        // A loader never throws: whatever went wrong is this file's error, and the scan goes on.
        const message = err instanceof Error ? err.message : String(err);
        errors.push({ file: file.path, line: 1, column: 1, message: `could not read manifest: ${message}` });
      }
    }
    return { resources, errors, skipped, files };
  },
  units: kubernetesUnits,
  // A YAML alias is the only value read from elsewhere, and its anchor is in the same document.
  originsInOwnFile: true,
  async parseOnly(file) {
    return countYamlSyntaxErrors(file.text);
  },
};

/**
 * The patch files of the kustomizations among the entries and in the entries' own folders (a
 * pre-commit hook names a patch without its kustomization), each with the kustomization listing it.
 */
function kustomizePatches(entries: readonly SourceFile[], host: LoadHost): Map<string, string> {
  const kustomizations = new Map<string, string>();
  for (const file of entries)
    if (isKustomization(file.path)) kustomizations.set(normalizePath(file.path), file.text);
  const folders = new Set(entries.map((e) => folderOf(e.path)));
  for (const dir of folders) {
    for (const k of kustomizationsOnHost(host, dir))
      if (!kustomizations.has(k.path)) kustomizations.set(k.path, k.text);
  }
  const patches = new Map<string, string>();
  if (kustomizations.size === 0) return patches;
  for (const [p, text] of [...kustomizations].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const dir = path.posix.dirname(p);
    for (const patch of kustomizationPatchPaths({ path: p, text })) {
      const target = normalizePath(path.posix.join(dir, patch));
      if (!patches.has(target)) patches.set(target, p);
    }
  }
  return patches;
}

const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/**
 * The kustomization files of each folder as the host reads them, looked up once per host (a host is one
 * scan's): a scan loads most manifests as units of one, and reading the three names again for every unit
 * was about a tenth of the Kubernetes load (three failed file-system look-ups per unit on disk).
 */
const kustomizationsByHost = new WeakMap<
  LoadHost,
  Map<string, ReadonlyArray<{ path: string; text: string }>>
>();

function kustomizationsOnHost(host: LoadHost, dir: string): ReadonlyArray<{ path: string; text: string }> {
  let byFolder = kustomizationsByHost.get(host);
  if (!byFolder) kustomizationsByHost.set(host, (byFolder = new Map()));
  let found = byFolder.get(dir);
  if (found === undefined) {
    const read: Array<{ path: string; text: string }> = [];
    for (const name of KUSTOMIZATION_NAMES) {
      const p = normalizePath(path.posix.join(dir, name));
      const text = host.readFile(p);
      if (text !== undefined) read.push({ path: p, text });
    }
    byFolder.set(dir, (found = read));
  }
  return found;
}

/**
 * Manifests load one by one, except where a kustomization names patches: its folder and the folders of
 * its patches load together, since a patch is told apart only by the kustomization listing it.
 */
function kubernetesUnits(entries: SourceFile[], host: LoadHost): SourceFile[][] {
  const texts = folderReader(entries, host);
  const patching = new Set<string>();
  const groups = linkedGroups(entries, (dir) => {
    const targets: string[] = [];
    for (const k of texts(dir, isKustomization)) {
      patching.add(dir);
      for (const patch of kustomizationPatchPaths(k)) targets.push(folderOf(path.posix.join(dir, patch)));
    }
    return targets;
  });
  return groups.flatMap((group) =>
    group.some((e) => patching.has(folderOf(e.path))) ? [group] : group.map((e) => [e]),
  );
}

function patchNote(file: string, kustomization: string): SkipNote {
  const dir = path.posix.dirname(kustomization);
  return {
    file,
    line: 1,
    message:
      `a Kustomize patch (listed in ${kustomization}): it changes objects defined elsewhere, so it is not ` +
      `checked on its own; for what is deployed run \`kubectl kustomize ${dir} | akslint scan -\``,
  };
}
