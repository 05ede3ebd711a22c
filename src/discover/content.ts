import { parseTree } from 'jsonc-parser';
import { readValidJson } from '../parsers/arm/json';

const ARM_TEMPLATE_SCHEMA = /"\$schema"\s*:\s*"[^"]*deploymentTemplate/i;
const JSON_API_VERSION = /"apiVersion"\s*:/;
const JSON_KIND = /"kind"\s*:/;
const YAML_API_VERSION = /^\s*apiVersion\s*:/m;
const YAML_KIND = /^\s*kind\s*:/m;

/**
 * A Kubernetes object written as JSON (what `kubectl get -o json` prints, a `List` included): an
 * object whose own `apiVersion` and `kind` are strings. ARM templates (a deploymentTemplate
 * `$schema`, their `apiVersion`s inside resources) and other JSON files are not.
 */
export function isKubernetesJson(text: string): boolean {
  if (!/^\s*\{/.test(text) || !JSON_API_VERSION.test(text) || !JSON_KIND.test(text)) return false;
  let root;
  try {
    // Most are ARM templates with a `kind` somewhere, valid JSON: the direct reader is 5x cheaper.
    root = readValidJson(text) ?? parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  } catch {
    // Nested deeper than the parser's stack: not a manifest anyone wrote.
    return false;
  }
  if (root?.type !== 'object') return false;
  const own = new Map<string, unknown>();
  for (const prop of root.children ?? []) {
    const [key, value] = prop.children ?? [];
    if (typeof key?.value === 'string' && value)
      own.set(key.value, value.type === 'string' ? value.value : undefined);
  }
  const schema = own.get('$schema');
  if (typeof schema === 'string' && /deploymentTemplate/i.test(schema)) return false;
  return typeof own.get('apiVersion') === 'string' && typeof own.get('kind') === 'string';
}

/**
 * `kubectl kustomize DIR | akslint scan -`, `kubectl get -o json | akslint scan -` and
 * `helm template ... | akslint scan -` need no name: manifests and ARM templates say what they are.
 * Terraform and Bicep do not.
 */
export function stdinNameFromContent(text: string): string | undefined {
  const head = text.slice(0, 8192);
  if (/^\s*\{/.test(head) && ARM_TEMPLATE_SCHEMA.test(head)) return '<stdin>.json';
  if (isKubernetesJson(text)) return '<stdin>.json';
  if (YAML_API_VERSION.test(head) && YAML_KIND.test(head)) return '<stdin>.yaml';
  return undefined;
}
