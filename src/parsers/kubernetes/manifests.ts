import {
  getProperty,
  type FileError,
  type ObjectValue,
  type Resource,
  type SkipNote,
  type SourceFile,
  type SourceRange,
  type Value,
} from '../../model';
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
 * Helm actions as chart templates write them. Plain `{{ }}` alone is not enough: Argo workflows,
 * Prometheus alert annotations and GitHub Actions (`${{ }}`) carry braces inside ordinary values.
 */
const HELM_ACTION =
  /(?<!\$)\{\{-?\s*(?:\.Values|\.Release|\.Chart|\.Capabilities|\.Files|\.Template|include\b|template\b|if\b|else\b|end\b|range\b|with\b|define\b|toYaml\b|tpl\b|\/\*)|^[ \t]*\{\{/m;

export function helmTemplateLine(text: string): number | undefined {
  const m = HELM_ACTION.exec(text);
  if (!m) return undefined;
  let line = 1;
  for (let i = 0; i < m.index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * A kustomization says how its folder's manifests change before they are applied (namespace, image
 * tags, patches). akslint reads the manifests as written; the note says how to scan what is deployed.
 */
function kustomizationNote(file: SourceFile): SkipNote | undefined {
  const base = file.path.split('/').pop() ?? file.path;
  if (!/^kustomization\.ya?ml$/i.test(base)) return undefined;
  const dir = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/')) : '.';
  return {
    file: file.path,
    line: 1,
    message:
      'a kustomization: the manifests of its folder are checked as written, without the namespace, ' +
      `image tags or patches it applies; for what is deployed run \`kubectl kustomize ${dir} | akslint scan -\``,
  };
}

/** Every Kubernetes object of a YAML file (each document, and each item of a List). */
export function readManifestFile(file: SourceFile): ManifestFile {
  const helmLine = helmTemplateLine(file.text);
  if (helmLine !== undefined) {
    return {
      resources: [],
      errors: [],
      skipped: [
        {
          file: file.path,
          line: helmLine,
          message:
            'Helm template syntax ({{ ... }}) is not YAML until rendered: scan the rendered chart instead, ' +
            'e.g. `helm template <release> <chart> -f values.yaml | akslint scan -`',
        },
      ],
    };
  }
  const kustomization = kustomizationNote(file);
  if (kustomization) return { resources: [], errors: [], skipped: [kustomization] };
  const parsed = parseYamlDocuments(file);
  const resources: Resource[] = [];
  for (const doc of parsed.documents) {
    if (!doc.value || doc.value.kind !== 'object') continue;
    for (const obj of kubernetesObjects(doc.value)) {
      resources.push(toResource(file.path, obj, obj === doc.value ? doc.range : obj.range));
    }
  }
  return { resources, errors: parsed.errors, skipped: [] };
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
