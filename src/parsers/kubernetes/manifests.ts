import type { FileError, Resource, SkipNote, SourceFile } from '../../model';
import { getProperty, type ObjectValue, type Value } from '../../model/value';
import { LineIndex, type SourceRange } from '../../model/range';
import { parseYamlDocuments } from './yaml';

export interface ManifestFile {
  resources: Resource[];
  errors: FileError[];
  skipped: SkipNote[];
}

/** Kinds that live outside namespaces: their address has no namespace part. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'APIService',
  'CertificateSigningRequest',
  'CiliumClusterwideNetworkPolicy',
  'ClusterIssuer',
  'ClusterRole',
  'ClusterRoleBinding',
  'ComponentStatus',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'FlowSchema',
  'GlobalNetworkPolicy',
  'GlobalNetworkSet',
  'HostEndpoint',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PodSecurityPolicy',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'RuntimeClass',
  'StorageClass',
  'Tier',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
]);

export const DEFAULT_NAMESPACE = 'default';

/**
 * Objects checked per file (documents and List items). Each costs its views, rules and findings, a dozen
 * per pod: 100,000 Pods in one List took 2.7 GB, 5,000 took 520-630 MB. Real manifests hold hundreds;
 * past this, a note says so.
 */
export const MAX_OBJECTS_PER_FILE = 2_500;

/**
 * Helm actions as chart templates write them. Plain `{{ }}` alone is not enough: Argo workflows,
 * Prometheus alert annotations and GitHub Actions (`${{ }}`) carry braces inside ordinary values.
 */
const HELM_ACTION =
  /(?<!\$)\{\{-?\s*(?:\.Values|\.Release|\.Chart|\.Capabilities|\.Files|\.Template|include\b|template\b|if\b|else\b|end\b|range\b|with\b|define\b|toYaml\b|tpl\b|\/\*)|^[ \t]*\{\{/m;
/** Template syntax of any engine: Helm and Go templates, Jinja (Ansible, CAF settings). */
const TEMPLATE_SYNTAX = /\{\{|\{%/;
/** A top-level or List-item `apiVersion:` / `kind:` line, for documents YAML cannot read. */
const API_VERSION_LINE = /^[ \t]*(?:-[ \t]+)?apiVersion[ \t]*:/m;
const KIND_LINE = /^[ \t]*(?:-[ \t]+)?kind[ \t]*:/m;

const KUSTOMIZATION_YAML = /^kustomization\.ya?ml$/i;

/**
 * A kustomization says how its folder's manifests change before they are applied (namespace, image
 * tags, patches). akslint reads the manifests as written; the note says how to scan what is deployed.
 */
function kustomizationNote(file: SourceFile): SkipNote | undefined {
  // The base name without splitting the path into an array: asked of every manifest of a scan.
  if (!KUSTOMIZATION_YAML.test(file.path.slice(file.path.lastIndexOf('/') + 1))) return undefined;
  const dir = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/')) : '.';
  return {
    file: file.path,
    line: 1,
    message:
      'a kustomization: the manifests of its folder are checked as written, without the namespace, ' +
      `image tags or patches it applies; for what is deployed run \`kubectl kustomize ${dir} | akslint scan -\``,
  };
}

/**
 * Every Kubernetes object of a YAML (or JSON) file: each document, and each item of a List.
 *
 * A manifest that is not YAML because of template syntax (Helm, Jinja) is skipped, and so is a file
 * in which no document is a Kubernetes object (Ansible, CI settings, Helm values): one note says so.
 * The other documents of the file are still read. A manifest with a syntax error gets its first
 * error only: the tokens after it are the same mistake seen again.
 */
export function readManifestFile(file: SourceFile): ManifestFile {
  const kustomization = kustomizationNote(file);
  if (kustomization) return { resources: [], errors: [], skipped: [kustomization] };
  const parsed = parseYamlDocuments(file);
  const resources: Resource[] = [];
  const syntaxErrors: FileError[] = [];
  const templated: { line: number; text: string }[] = [];
  let manifests = 0;
  let contentful = 0;
  let lines: LineIndex | undefined;
  const lineOf = (offset: number) => (lines ??= new LineIndex(file.text)).position(offset).line;
  let objectLimitAt: number | undefined;
  for (const doc of parsed.documents) {
    const text = file.text.slice(doc.start, doc.end);
    if (doc.templateActionAt !== undefined || doc.errors.length > 0) {
      contentful++;
      // Not a manifest even once rendered (Ansible, CAF settings, Alertmanager configuration).
      if (!API_VERSION_LINE.test(text) || !KIND_LINE.test(text)) continue;
      manifests++;
      if (doc.templateActionAt !== undefined) {
        templated.push({ line: lineOf(doc.templateActionAt), text });
      } else if (TEMPLATE_SYNTAX.test(text)) {
        // Where YAML broke: on a template's line, or after it.
        templated.push({ line: doc.errors[0].line, text });
      } else syntaxErrors.push(...doc.errors);
      continue;
    }
    if (!doc.value) continue;
    contentful++;
    if (doc.value.kind !== 'object' || !isKubernetesObject(doc.value)) continue;
    manifests++;
    for (const obj of kubernetesObjects(doc.value)) {
      const range = obj === doc.value ? doc.range : obj.range;
      if (resources.length === MAX_OBJECTS_PER_FILE) {
        objectLimitAt ??= range.line;
        break;
      }
      resources.push(toResource(file.path, obj, range));
    }
  }
  const errors = [...parsed.errors, ...firstOf(syntaxErrors)];
  const skipped: SkipNote[] = [];
  if (parsed.documentLimit) skipped.push({ file: file.path, ...parsed.documentLimit, limit: true });
  if (objectLimitAt !== undefined) {
    skipped.push({
      file: file.path,
      line: objectLimitAt,
      message: `more than ${MAX_OBJECTS_PER_FILE.toLocaleString('en-US')} Kubernetes objects in one file: the objects from line ${objectLimitAt} on were not checked`,
      limit: true,
    });
  }
  if (templated.length > 0) {
    skipped.push(templateNote(file, templated, contentful));
  } else if (manifests === 0 && contentful > 0 && parsed.errors.length === 0) {
    skipped.push({
      file: file.path,
      line: 1,
      message: 'not a Kubernetes manifest (no document has apiVersion and kind), so not checked',
    });
  }
  return { resources, errors, skipped };
}

function firstOf(errors: FileError[]): FileError[] {
  if (errors.length <= 1) return errors;
  const [first] = errors;
  return [{ ...first, message: `${first.message} (and ${errors.length - 1} more syntax errors after it)` }];
}

function templateNote(
  file: SourceFile,
  templated: readonly { line: number; text: string }[],
  documents: number,
): SkipNote {
  const which = templated.length < documents ? `${templated.length} of ${documents} documents skipped: ` : '';
  // Jinja's `{% %}` is never Helm's.
  const helm = templated.some((t) => HELM_ACTION.test(t.text) && !t.text.includes('{%'));
  const message = helm
    ? 'Helm template syntax ({{ ... }}) is not YAML until rendered: scan the rendered chart instead, ' +
      'e.g. `helm template <release> <chart> -f values.yaml | akslint scan -`'
    : 'template syntax ({{ }}, {% %}) is not YAML until rendered: scan the rendered file instead';
  return { file: file.path, line: templated[0].line, message: which + message };
}

function kubernetesObjects(doc: ObjectValue): ObjectValue[] {
  if (!isKubernetesObject(doc)) return [];
  const kind = stringOf(getProperty(doc, 'kind'));
  if (kind && /List$/.test(kind)) {
    const items = getProperty(doc, 'items');
    if (items?.kind === 'list') {
      return items.items.flatMap((item) => (item.kind === 'object' ? kubernetesObjects(item) : []));
    }
    if (kind === 'List') return [];
  }
  return [doc];
}

function isKubernetesObject(value: ObjectValue): boolean {
  return (
    stringOf(getProperty(value, 'apiVersion')) !== undefined &&
    stringOf(getProperty(value, 'kind')) !== undefined
  );
}

function toResource(file: string, body: ObjectValue, range: SourceRange): Resource {
  const kind = stringOf(getProperty(body, 'kind')) ?? '';
  const metadata = getProperty(body, 'metadata');
  const name =
    stringOf(getProperty(metadata, 'name')) ?? stringOf(getProperty(metadata, 'generateName')) ?? '(unnamed)';
  const namespace = stringOf(getProperty(metadata, 'namespace'));
  const clusterScoped = CLUSTER_SCOPED_KINDS.has(kind);
  const address =
    clusterScoped && !namespace ? `${kind}/${name}` : `${kind}/${namespace ?? DEFAULT_NAMESPACE}/${name}`;
  return {
    format: 'kubernetes',
    type: kind,
    name,
    address,
    file,
    range,
    body,
    apiVersion: stringOf(getProperty(body, 'apiVersion')),
    via: [],
    references: [],
  };
}

function stringOf(value: Value | undefined): string | undefined {
  if (value?.kind !== 'scalar' || value.value === null) return undefined;
  const s = String(value.value);
  return s === '' ? undefined : s;
}
