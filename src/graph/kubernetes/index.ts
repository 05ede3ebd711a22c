import type { FileError, FormatLoader, Resource, SkipNote, SourceFile } from '../../model';
import { readManifestFile } from '../../parsers/kubernetes/manifests';
import { countYamlSyntaxErrors } from '../../parsers/kubernetes/yaml';

const YAML_FILE = /\.ya?ml$/i;
/** Standard input under a name without extension: recognised by content, cheaply. */
const LOOKS_LIKE_MANIFEST = /^apiVersion:\s*\S/m;
const KIND_LINE = /^kind:\s*\S/m;

export const kubernetesLoader: FormatLoader = {
  format: 'kubernetes',
  claims(path, text) {
    if (YAML_FILE.test(path)) return true;
    const base = path.split('/').pop() ?? path;
    return !base.includes('.') && LOOKS_LIKE_MANIFEST.test(text) && KIND_LINE.test(text);
  },
  async load(entries) {
    const resources: Resource[] = [];
    const errors: FileError[] = [];
    const skipped: SkipNote[] = [];
    const files: SourceFile[] = [];
    for (const file of entries) {
      files.push(file);
      try {
        const read = readManifestFile(file);
        resources.push(...read.resources);
        errors.push(...read.errors);
        skipped.push(...read.skipped);
      } catch (err) {
        // A loader never throws: whatever went wrong is this file's error, and the scan goes on.
        const message = err instanceof Error ? err.message : String(err);
        errors.push({ file: file.path, line: 1, column: 1, message: `could not read manifest: ${message}` });
      }
    }
    return { resources, errors, skipped, files };
  },
  async parseOnly(file) {
    return countYamlSyntaxErrors(file.text);
  },
};
