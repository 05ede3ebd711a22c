import type { Resource } from '../../model';
import { getProperty } from '../../model/value';
import type { ResourceGraph } from '../../graph/graph';
import { defineView, selectByObject, type AcrossObjects, type ViewInstance } from '../view';
import type { Reading } from '../reading';
import {
  annotationsOf,
  bySource,
  kubernetesResources,
  labelsOf,
  metadataOf,
  namespaceOf,
  objectOf,
  readScalarBelow,
  type Annotation,
  annotationEntries,
} from './read';

/** The annotation that asks AKS for a load balancer on the virtual network, not a public IP. */
export const AZURE_INTERNAL_LOAD_BALANCER = 'service.beta.kubernetes.io/azure-load-balancer-internal';

/** The Pod Security Admission label that enforces a level in a namespace. */
export const PSA_ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

/** Whether an Ingress annotation is an ingress-nginx snippet (raw NGINX configuration): `nginx.ingress.kubernetes.io/*-snippet`. */
export function isNginxSnippet(key: string): boolean {
  return key.startsWith('nginx.ingress.kubernetes.io/') && key.endsWith('-snippet');
}

export interface ServiceAccountInstance extends ViewInstance {
  name: string;
  namespace: string;
  label: string;
  automountServiceAccountToken: Reading;
}

export interface NamespaceInstance extends ViewInstance {
  name: string;
  labels: Record<string, string>;
  /** A label of the Namespace, read with the range of the label (or the nearest enclosing object). */
  label(key: string): Reading;
}

export interface ServiceInstance extends ViewInstance {
  name: string;
  namespace: string;
  /** `Service shop/web`. */
  label: string;
  type: Reading;
  annotations: Record<string, string>;
  annotation(key: string): Reading;
}

export interface IngressInstance extends ViewInstance {
  name: string;
  namespace: string;
  /** `Ingress shop/web`. */
  label: string;
  annotations: Annotation[];
}

/** `as` stands for the account in findings (see AcrossObjects). */
export function serviceAccountOf(resource: Resource, as: Resource = resource): ServiceAccountInstance {
  const namespace = namespaceOf(resource);
  return {
    resource: as,
    name: resource.name,
    namespace,
    label: `ServiceAccount ${namespace}/${resource.name}`,
    automountServiceAccountToken: readScalarBelow(
      resource.body,
      ['automountServiceAccountToken'],
      resource.range,
    ),
  };
}

function accountsIn(resources: readonly Resource[]): ServiceAccountInstance[] {
  return kubernetesResources(resources)
    .sort(bySource)
    .map((r) => serviceAccountOf(r));
}

/**
 * By the graph's list of ServiceAccounts, which the index depends on alone: graphs that share the list
 * (the parts of a large group of manifests, see ResourceGraph) share the index.
 */
const accountIndex = new WeakMap<readonly Resource[], Map<string, ServiceAccountInstance>>();

/**
 * The ServiceAccount object named in a namespace of the deployment `from` takes part in, when the scan
 * holds one (the first one written).
 */
export function findServiceAccount(
  graph: ResourceGraph,
  from: Resource,
  namespace: string,
  name: string,
): ServiceAccountInstance | undefined {
  const accounts = graph.ofType('ServiceAccount');
  let index = accountIndex.get(accounts);
  if (!index) {
    index = new Map();
    for (const sa of accountsIn(accounts)) {
      const key = `${sa.resource.deployment ?? ''}\u0000${sa.namespace}/${sa.name}`;
      if (!index.has(key)) index.set(key, sa);
    }
    accountIndex.set(accounts, index);
  }
  return index.get(`${from.deployment ?? ''}\u0000${namespace}/${name}`);
}

export function namespaceObjectOf(resource: Resource): NamespaceInstance {
  const metadata = metadataOf(resource);
  const labels = objectOf(getProperty(metadata, 'labels'));
  return {
    resource,
    name: resource.name,
    labels: labelsOf(resource),
    label: (key) =>
      labels
        ? readScalarBelow(labels, [key], labels.range, 'metadata.labels.')
        : {
            ...readScalarBelow(metadata, ['labels'], resource.range, 'metadata.'),
            attribute: `metadata.labels.${key}`,
          },
  };
}

export function namespaceObjectsOf(graph: ResourceGraph): NamespaceInstance[] {
  return kubernetesResources(graph.ofType('Namespace')).sort(bySource).map(namespaceObjectOf);
}

function serviceOf(resource: Resource): ServiceInstance {
  const namespace = namespaceOf(resource);
  const metadata = metadataOf(resource);
  const annotations = objectOf(getProperty(metadata, 'annotations'));
  return {
    resource,
    name: resource.name,
    namespace,
    label: `Service ${namespace}/${resource.name}`,
    type: readScalarBelow(resource.body, ['spec', 'type'], resource.range),
    annotations: annotationsOf(resource),
    annotation: (key) =>
      annotations
        ? readScalarBelow(annotations, [key], annotations.range, 'metadata.annotations.')
        : {
            ...readScalarBelow(metadata, ['annotations'], resource.range, 'metadata.'),
            attribute: `metadata.annotations.${key}`,
          },
  };
}

function ingressOf(resource: Resource): IngressInstance {
  const namespace = namespaceOf(resource);
  return {
    resource,
    name: resource.name,
    namespace,
    label: `Ingress ${namespace}/${resource.name}`,
    annotations: annotationEntries(metadataOf(resource)),
  };
}

// Rules look ServiceAccounts up (findServiceAccount): a part of a scan holds those of every part.
const SERVICE_ACCOUNTS: AcrossObjects<ServiceAccountInstance> = {
  types: ['ServiceAccount'],
  read: serviceAccountOf,
  select: (read: readonly ServiceAccountInstance[]) =>
    read.filter((a) => a.resource.format === 'kubernetes').sort((a, b) => bySource(a.resource, b.resource)),
};

export const serviceAccountView = defineView<ServiceAccountInstance>({
  name: 'ServiceAccount',
  formats: ['kubernetes'],
  select: selectByObject(SERVICE_ACCOUNTS),
  acrossObjects: SERVICE_ACCOUNTS,
});

export const namespaceView = defineView<NamespaceInstance>({
  name: 'Namespace',
  formats: ['kubernetes'],
  select: namespaceObjectsOf,
});

export const serviceView = defineView<ServiceInstance>({
  name: 'Service',
  formats: ['kubernetes'],
  select: (graph) => kubernetesResources(graph.ofType('Service')).sort(bySource).map(serviceOf),
});

export const ingressView = defineView<IngressInstance>({
  name: 'Ingress',
  formats: ['kubernetes'],
  select: (graph) => kubernetesResources(graph.ofType('Ingress')).sort(bySource).map(ingressOf),
});
