import type { FileError, FormatLoader, Resource, SkipNote, SourceFile } from '../../model';
import { readManifestFile } from '../../parsers/kubernetes/manifests';
import { countYamlSyntaxErrors } from '../../parsers/kubernetes/yaml';
import { isKubernetesJson } from '../../discover/content';

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
