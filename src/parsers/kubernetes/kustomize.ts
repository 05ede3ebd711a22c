import { getProperty, type SourceFile, type Value } from '../../model';
import { parseYamlDocuments } from './yaml';

export const KUSTOMIZATION_FILE = /^(?:kustomization\.ya?ml|Kustomization)$/;

export function isKustomization(filePath: string): boolean {
  // The base name without splitting the path into an array: asked of every manifest of a scan.
  return KUSTOMIZATION_FILE.test(filePath.slice(filePath.lastIndexOf('/') + 1));
}

/**
 * The patch files a kustomization lists, as written (relative to its folder): `patches[].path`,
 * `patchesStrategicMerge` (entries that are paths, not inline patches) and `patchesJson6902[].path`.
 */
export function kustomizationPatchPaths(file: SourceFile): string[] {
  const paths: string[] = [];
  for (const doc of parseYamlDocuments(file).documents) {
    const root = doc.value;
    if (root?.kind !== 'object') continue;
    for (const item of itemsOf(getProperty(root, 'patches'))) paths.push(...pathOf(item));
    for (const item of itemsOf(getProperty(root, 'patchesJson6902'))) paths.push(...pathOf(item));
    for (const item of itemsOf(getProperty(root, 'patchesStrategicMerge'))) {
      // An entry is a file name, or a whole patch written inline.
      if (item.kind === 'scalar' && typeof item.value === 'string' && !item.value.includes('\n'))
        paths.push(item.value.trim());
    }
  }
  return paths.filter((p) => p !== '');
}

/**
 * What a kustomization renders, as written (relative to its folder): `resources`, `bases` (the
 * older name) and `components` entries, each a manifest file or a folder with a kustomization of its
 * own. Remote entries (URLs, `github.com/...`) are left out: akslint does not fetch them.
 */
export function kustomizationResourcePaths(file: SourceFile): string[] {
  const paths: string[] = [];
  for (const doc of parseYamlDocuments(file).documents) {
    const root = doc.value;
    if (root?.kind !== 'object') continue;
    for (const key of ['resources', 'bases', 'components']) {
      for (const item of itemsOf(getProperty(root, key))) {
        if (item.kind === 'scalar' && typeof item.value === 'string') paths.push(item.value.trim());
      }
    }
  }
  return paths.filter((p) => p !== '' && !REMOTE.test(p));
}

const REMOTE = /^([a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)/i;

function itemsOf(value: Value | undefined): Value[] {
  return value?.kind === 'list' ? value.items : [];
}

function pathOf(item: Value): string[] {
  if (item.kind !== 'object') return [];
  const p = getProperty(item, 'path');
  return p?.kind === 'scalar' && typeof p.value === 'string' ? [p.value.trim()] : [];
}
