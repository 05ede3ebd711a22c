import type { Resource } from '../../model';
import { getProperty, lookupPath, type ObjectValue, type Scalar, type Value } from '../../model/value';
import type { SourceRange } from '../../model/range';
import type { ResourceGraph } from '../../graph/graph';
import { defineView, type ViewInstance } from '../view';
import { attributeRange, type Reading } from '../reading';
import {
  annotationEntries,
  bySource,
  itemsOf,
  kubernetesResources,
  labelsOf,
  namespaceOf,
  objectOf,
  readBelow,
  readScalarBelow,
  isSetBelow,
  stringMap,
  stringOf,
  type Annotation,
} from './read';

/** Where each workload kind keeps its pod template's spec. */
export const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** The kinds that run pods. */
export const WORKLOAD_KINDS: readonly string[] = Object.keys(POD_SPEC_PATHS);

/** Where a kind keeps its pod spec, when it runs pods: an own key only (kinds are the user's). */
function podSpecPath(kind: string): readonly string[] | undefined {
  return Object.hasOwn(POD_SPEC_PATHS, kind) ? POD_SPEC_PATHS[kind] : undefined;
}

/** The annotation that set a container's AppArmor profile before Kubernetes 1.30 (still honoured), by container name. */
export const appArmorAnnotation = (containerName: string): string =>
  `container.apparmor.security.beta.kubernetes.io/${containerName}`;

/** Where a container's own settings are written below its item: readings come from there, fixes write there. */
export const CONTAINER_SETTING_PATHS = {
  allowPrivilegeEscalation: ['securityContext', 'allowPrivilegeEscalation'],
  readOnlyRootFilesystem: ['securityContext', 'readOnlyRootFilesystem'],
  privileged: ['securityContext', 'privileged'],
  procMount: ['securityContext', 'procMount'],
  runAsNonRoot: ['securityContext', 'runAsNonRoot'],
  seccompProfileType: ['securityContext', 'seccompProfile', 'type'],
  capabilitiesAdd: ['securityContext', 'capabilities', 'add'],
  capabilitiesDrop: ['securityContext', 'capabilities', 'drop'],
} as const satisfies Partial<Record<keyof ContainerSettings, readonly string[]>>;

export type ContainerSetting = keyof typeof CONTAINER_SETTING_PATHS;

/** Pod spec settings a fix writes, named as in the pod spec and the view. */
export type PodSetting = 'hostNetwork' | 'hostPID' | 'hostIPC' | 'automountServiceAccountToken';

export type ContainerGroup = 'containers' | 'initContainers' | 'ephemeralContainers';

/** The container lists of a pod spec, in the order a pod's containers are listed. */
const CONTAINER_GROUPS: readonly ContainerGroup[] = ['initContainers', 'containers', 'ephemeralContainers'];

const GROUP_LABEL: Record<ContainerGroup, string> = {
  containers: 'Container',
  initContainers: 'Init container',
  ephemeralContainers: 'Ephemeral container',
};

/** A setting a container inherits from the pod when it does not set it itself. */
export type EffectiveReading<T = Scalar> = Reading<T> & { from: 'container' | 'pod' | 'none' };

export interface ContainerPort {
  /** The port item as written. */
  object: ObjectValue;
  hostPort: Reading;
  containerPort: Scalar | undefined;
}

/** A Secret a container reads into its environment: one variable (env) or all its keys (envFrom). */
export interface SecretEnvReference {
  secretName: string | undefined;
  /** The variable it sets; undefined for envFrom, which sets one per key (after `prefix`). */
  variable: string | undefined;
  key: string | undefined;
  prefix: string | undefined;
  range: SourceRange;
}

export interface ContainerSettings {
  name: string;
  group: ContainerGroup;
  /** `Container "web"`, `Init container "migrate"`. */
  label: string;
  /** The container item: where absent settings point when the container has no securityContext. */
  range: SourceRange;
  /** The container item as written: where fixes set its securityContext. */
  object: ObjectValue;
  image: Reading;
  runAsNonRoot: EffectiveReading;
  runAsUser: EffectiveReading;
  seccompProfileType: EffectiveReading;
  seLinuxType: EffectiveReading;
  seLinuxUser: EffectiveReading;
  seLinuxRole: EffectiveReading;
  /** windowsOptions.hostProcess: the container runs as a process on the Windows node. */
  hostProcess: EffectiveReading;
  /** appArmorProfile.type (Kubernetes 1.30+), the container's or the pod's. */
  appArmorProfileType: EffectiveReading;
  allowPrivilegeEscalation: Reading;
  readOnlyRootFilesystem: Reading;
  privileged: Reading;
  procMount: Reading;
  capabilitiesAdd: Reading<Value>;
  capabilitiesDrop: Reading<Value>;
  ports: ContainerPort[];
  secretEnv: SecretEnvReference[];
}

export interface PodVolume {
  name: string;
  range: SourceRange;
  /** The `hostPath` entry of the volume, when it is one. */
  hostPath?: { path: string | undefined; range: SourceRange };
}

export interface PodSpecInstance extends ViewInstance {
  kind: string;
  name: string;
  namespace: string;
  /** `Deployment shop/web`. */
  label: string;
  /** metadata.namespace as written (absent means `default`). */
  namespaceSetting: Reading;
  /** The pod spec object, when written. */
  spec: ObjectValue | undefined;
  /** The pod spec, else the nearest enclosing object: where pod-level absent settings point. */
  specRange: SourceRange;
  /** How the pod spec is reached in this kind: `spec.template.spec.`. */
  specPrefix: string;
  /** Labels of the pods it runs (the template's, or the Pod's own). */
  podLabels: Record<string, string>;
  /** Annotations of the pods it runs (the template's, or the Pod's own), with their ranges. */
  podAnnotations: Annotation[];
  /** spec.os.name: `windows` pods are exempt from the Linux-only controls (seccomp, capabilities, no_new_privs). */
  osName: string | undefined;
  hostNetwork: Reading;
  hostPID: Reading;
  hostIPC: Reading;
  /** serviceAccountName, or the deprecated serviceAccount. */
  serviceAccountName: Reading;
  automountServiceAccountToken: Reading;
  volumes: PodVolume[];
  /** spec.securityContext.sysctls, as written. */
  sysctls: Array<{ name: string | undefined; range: SourceRange }>;
  containers: ContainerSettings[];
}

/** A pod or container setting as messages name it: `runAsNonRoot`, not `spec.template.spec.securityContext.runAsNonRoot`. */
export function shortAttribute(attribute: string): string {
  return attribute
    .replace(/^spec\.(template\.spec\.|jobTemplate\.spec\.template\.spec\.)?/, '')
    .replace(/^securityContext\./, '');
}

export function isWorkload(resource: Resource): boolean {
  return resource.format === 'kubernetes' && podSpecPath(resource.type) !== undefined;
}

export function podSpecOf(resource: Resource): PodSpecInstance {
  const path = podSpecPath(resource.type) ?? ['spec'];
  const specPrefix = path.join('.') + '.';
  const found = lookupPath(resource.body, path);
  const spec = objectOf(found.value);
  const specRange = spec?.range ?? (found.nearest === resource.body ? resource.range : found.nearest.range);
  // A pod setting that is missing points at `spec:` itself, as a missing container setting points at
  // the key of its mapping (a YAML block mapping starts on its first child's line).
  const specKey = spec && found.entry ? attributeRange(found.entry.keyRange, spec) : undefined;
  const namespace = namespaceOf(resource);
  const podSecurityContext = objectOf(getProperty(spec, 'securityContext'));
  const templateMetadata = templateMetadataOf(resource, path);
  const podLabels = podLabelsOf(resource, templateMetadata);
  const explicitAccount = readScalarBelow(spec, ['serviceAccountName'], specRange, specPrefix, specKey);
  const legacyAccount = readScalarBelow(spec, ['serviceAccount'], specRange, specPrefix, specKey);
  return {
    resource,
    kind: resource.type,
    name: resource.name,
    namespace,
    label: `${resource.type} ${namespace}/${resource.name}`,
    namespaceSetting: readScalarBelow(
      objectOf(getProperty(resource.body, 'metadata')),
      ['namespace'],
      resource.range,
      'metadata.',
    ),
    spec,
    specRange,
    specPrefix,
    podLabels,
    podAnnotations: annotationEntries(objectOf(templateMetadata ?? getProperty(resource.body, 'metadata'))),
    osName: stringOf(getProperty(getProperty(spec, 'os'), 'name')),
    hostNetwork: readScalarBelow(spec, ['hostNetwork'], specRange, specPrefix, specKey),
    hostPID: readScalarBelow(spec, ['hostPID'], specRange, specPrefix, specKey),
    hostIPC: readScalarBelow(spec, ['hostIPC'], specRange, specPrefix, specKey),
    serviceAccountName:
      explicitAccount.state === 'absent' && legacyAccount.state === 'set' ? legacyAccount : explicitAccount,
    automountServiceAccountToken: readScalarBelow(
      spec,
      ['automountServiceAccountToken'],
      specRange,
      specPrefix,
      specKey,
    ),
    volumes: volumesOf(spec),
    sysctls: itemsOf(getProperty(podSecurityContext, 'sysctls')).map((item) => ({
      name: stringOf(getProperty(item, 'name')),
      range: item.range,
    })),
    containers: CONTAINER_GROUPS.flatMap((group) =>
      itemsOf(getProperty(spec, group)).flatMap((item, index) =>
        item.kind === 'object' ? [containerSettings(item, group, index, podSecurityContext, specPrefix)] : [],
      ),
    ),
  };
}

function volumesOf(spec: ObjectValue | undefined): PodVolume[] {
  return itemsOf(getProperty(spec, 'volumes')).flatMap((item) => {
    if (item.kind !== 'object') return [];
    const entry = item.entries.find((e) => e.key === 'hostPath');
    const volume: PodVolume = { name: stringOf(getProperty(item, 'name')) ?? '(unnamed)', range: item.range };
    if (entry) {
      volume.hostPath = {
        path: stringOf(getProperty(entry.value, 'path')),
        range: attributeRange(entry.keyRange, entry.value),
      };
    }
    return [volume];
  });
}

function containerSettings(
  item: ObjectValue,
  group: ContainerGroup,
  index: number,
  podSecurityContext: ObjectValue | undefined,
  specPrefix: string,
): ContainerSettings {
  const name = stringOf(getProperty(item, 'name')) ?? `#${index + 1}`;
  return new ContainerReadings(name, group, item, podSecurityContext, specPrefix);
}

/**
 * A container's settings, each read when a rule asks for it and not kept: the view lives until the
 * rules are done, and a score of readings per container kept that long (their ranges, attribute names
 * and the reading objects) was most of what the rules' stage left for the collector to copy, while
 * each reading is asked for by one rule or two. Reading again is a lookup of a few keys; the tree is
 * not changed once loaded, so every read gives the same reading.
 */
class ContainerReadings implements ContainerSettings {
  readonly label: string;
  readonly range: SourceRange;

  constructor(
    readonly name: string,
    readonly group: ContainerGroup,
    /** The container item as written. */
    readonly object: ObjectValue,
    private readonly podSecurityContext: ObjectValue | undefined,
    private readonly specPrefix: string,
  ) {
    this.label = `${GROUP_LABEL[group]} "${name}"`;
    this.range = object.range;
  }

  get image(): Reading {
    return this.own(IMAGE);
  }
  get runAsNonRoot(): EffectiveReading {
    return this.effective(EFFECTIVE.runAsNonRoot);
  }
  get runAsUser(): EffectiveReading {
    return this.effective(EFFECTIVE.runAsUser);
  }
  get seccompProfileType(): EffectiveReading {
    return this.effectiveWithin(WITHIN.seccompProfileType);
  }
  get seLinuxType(): EffectiveReading {
    return this.effectiveWithin(WITHIN.seLinuxType);
  }
  get seLinuxUser(): EffectiveReading {
    return this.effectiveWithin(WITHIN.seLinuxUser);
  }
  get seLinuxRole(): EffectiveReading {
    return this.effectiveWithin(WITHIN.seLinuxRole);
  }
  get hostProcess(): EffectiveReading {
    return this.effective(EFFECTIVE.hostProcess);
  }
  get appArmorProfileType(): EffectiveReading {
    return this.effectiveWithin(WITHIN.appArmorProfileType);
  }
  get allowPrivilegeEscalation(): Reading {
    return this.own(CONTAINER_SETTING_PATHS.allowPrivilegeEscalation);
  }
  get readOnlyRootFilesystem(): Reading {
    return this.own(CONTAINER_SETTING_PATHS.readOnlyRootFilesystem);
  }
  get privileged(): Reading {
    return this.own(CONTAINER_SETTING_PATHS.privileged);
  }
  get procMount(): Reading {
    return this.own(CONTAINER_SETTING_PATHS.procMount);
  }
  get capabilitiesAdd(): Reading<Value> {
    return readBelow(this.object, CONTAINER_SETTING_PATHS.capabilitiesAdd, this.object.range);
  }
  get capabilitiesDrop(): Reading<Value> {
    return readBelow(this.object, CONTAINER_SETTING_PATHS.capabilitiesDrop, this.object.range);
  }
  get secretEnv(): SecretEnvReference[] {
    return secretEnvOf(this.object);
  }
  get ports(): ContainerPort[] {
    return itemsOf(getProperty(this.object, 'ports')).flatMap((port) =>
      port.kind === 'object'
        ? [
            {
              object: port,
              hostPort: readScalarBelow(port, ['hostPort'], port.range),
              containerPort: scalarOf(getProperty(port, 'containerPort')),
            },
          ]
        : [],
    );
  }

  private own(path: readonly string[]): Reading {
    return readScalarBelow(this.object, path, this.object.range);
  }

  /** The container's own setting, else the pod's, else the container's absent one. */
  private effective(paths: EffectivePaths): EffectiveReading {
    const item = this.object;
    const mine = readScalarBelow(item, paths.container, item.range);
    if (mine.state === 'set') return madeFrom(mine, 'container');
    const pod = readScalarBelow(
      this.podSecurityContext,
      paths.pod,
      item.range,
      `${this.specPrefix}securityContext.`,
    );
    if (pod.state === 'set') return madeFrom(pod, 'pod');
    return madeFrom(mine, 'none');
  }

  /** A container's seLinuxOptions or seccompProfile replaces the pod's whole object, as the kubelet does. */
  private effectiveWithin(paths: WithinPaths): EffectiveReading {
    const item = this.object;
    if (isSetBelow(item, paths.containerObject))
      return madeFrom(readScalarBelow(item, paths.container, item.range), 'container');
    if (isSetBelow(this.podSecurityContext, paths.podObject)) {
      return madeFrom(
        readScalarBelow(this.podSecurityContext, paths.pod, item.range, `${this.specPrefix}securityContext.`),
        'pod',
      );
    }
    return madeFrom(readScalarBelow(item, paths.container, item.range), 'none');
  }
}

const IMAGE = ['image'];

/** Where a setting a container inherits from the pod is written: below the container, and below the pod's securityContext. */
interface EffectivePaths {
  container: readonly string[];
  pod: readonly string[];
}

const effectivePaths = (...path: string[]): EffectivePaths => ({
  container: ['securityContext', ...path],
  pod: path,
});

const EFFECTIVE = {
  runAsNonRoot: effectivePaths('runAsNonRoot'),
  runAsUser: effectivePaths('runAsUser'),
  hostProcess: effectivePaths('windowsOptions', 'hostProcess'),
};

/** A field of an object (seccompProfile) the container or the pod writes whole: the object's paths and the field's. */
interface WithinPaths extends EffectivePaths {
  containerObject: readonly string[];
  podObject: readonly string[];
}

const withinPaths = (objectKey: string, field: string): WithinPaths => ({
  containerObject: ['securityContext', objectKey],
  podObject: [objectKey],
  container: ['securityContext', objectKey, field],
  pod: [objectKey, field],
});

const WITHIN = {
  seccompProfileType: withinPaths('seccompProfile', 'type'),
  seLinuxType: withinPaths('seLinuxOptions', 'type'),
  seLinuxUser: withinPaths('seLinuxOptions', 'user'),
  seLinuxRole: withinPaths('seLinuxOptions', 'role'),
  appArmorProfileType: withinPaths('appArmorProfile', 'type'),
};

/**
 * A reading just made, marked with where the container's setting comes from: marked in place rather
 * than copied (a view's readings live until the rules are done, and the copies were garbage).
 */
function madeFrom(reading: Reading, from: EffectiveReading['from']): EffectiveReading {
  const effective = reading as EffectiveReading;
  effective.from = from;
  return effective;
}

function secretEnvOf(container: ObjectValue): SecretEnvReference[] {
  const fromEnv = itemsOf(getProperty(container, 'env')).flatMap((env): SecretEnvReference[] => {
    const ref = objectOf(getProperty(getProperty(env, 'valueFrom'), 'secretKeyRef'));
    if (!ref) return [];
    return [
      {
        secretName: stringOf(getProperty(ref, 'name')),
        variable: stringOf(getProperty(env, 'name')),
        key: stringOf(getProperty(ref, 'key')),
        prefix: undefined,
        range: env.range,
      },
    ];
  });
  const fromEnvFrom = itemsOf(getProperty(container, 'envFrom')).flatMap((source): SecretEnvReference[] => {
    const ref = objectOf(getProperty(source, 'secretRef'));
    if (!ref) return [];
    return [
      {
        secretName: stringOf(getProperty(ref, 'name')),
        variable: undefined,
        key: undefined,
        prefix: stringOf(getProperty(source, 'prefix')),
        range: source.range,
      },
    ];
  });
  return [...fromEnv, ...fromEnvFrom];
}

function scalarOf(value: Value | undefined): Scalar | undefined {
  return value?.kind === 'scalar' ? value.value : undefined;
}

/** The metadata of a workload's pod template; undefined for a Pod (its own metadata is its pods'). */
function templateMetadataOf(resource: Resource, path: readonly string[]): Value | undefined {
  return resource.type === 'Pod'
    ? undefined
    : lookupPath(resource.body, [...path.slice(0, -1), 'metadata']).value;
}

/** The labels of the pods a workload runs: its template's, or a Pod's own. */
function podLabelsOf(resource: Resource, templateMetadata: Value | undefined): Record<string, string> {
  return templateMetadata ? stringMap(getProperty(templateMetadata, 'labels')) : labelsOf(resource);
}

/** What tells a workload's pods apart: where they run, their labels, their containers' images. */
export interface PodSelection extends ViewInstance {
  name: string;
  namespace: string;
  /** `Deployment shop/web`. */
  label: string;
  podLabels: Record<string, string>;
  /** The images its containers (init and ephemeral ones included) name, where written as text. */
  images: string[];
}

/**
 * What selecting a workload's pods reads of it (as podSpecOf reads it), `as` standing for it in findings:
 * a handful of strings, where its pod spec's value tree is hundreds of objects.
 */
export function podSelectionOf(resource: Resource, as: Resource = resource): PodSelection {
  const path = podSpecPath(resource.type) ?? ['spec'];
  const spec = objectOf(lookupPath(resource.body, path).value);
  const namespace = namespaceOf(resource);
  const images: string[] = [];
  for (const group of CONTAINER_GROUPS) {
    for (const item of itemsOf(getProperty(spec, group))) {
      if (item.kind !== 'object') continue;
      const image = readScalarBelow(item, IMAGE, item.range);
      if (image.state === 'set' && typeof image.value === 'string') images.push(image.value);
    }
  }
  return {
    resource: as,
    name: resource.name,
    namespace,
    label: `${resource.type} ${namespace}/${resource.name}`,
    podLabels: podLabelsOf(resource, templateMetadataOf(resource, path)),
    images,
  };
}

/**
 * Every workload's pod spec, read once per graph: three views (pod specs, host paths, namespace
 * networks) start from them, and reading them was most of the rules' time on manifests (profiled).
 * The graph is read-only once built; callers get their own array, the instances are shared.
 */
export function workloadsOf(graph: ResourceGraph): PodSpecInstance[] {
  let found = workloadsByGraph.get(graph);
  if (!found) {
    found = kubernetesResources(graph.ofType(...WORKLOAD_KINDS))
      .sort(bySource)
      .map(podSpecOf);
    workloadsByGraph.set(graph, found);
  }
  return found.slice();
}

const workloadsByGraph = new WeakMap<ResourceGraph, readonly PodSpecInstance[]>();

/** Every workload's pod spec: Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController. */
export const podSpecView = defineView<PodSpecInstance>({
  name: 'PodSpec',
  formats: ['kubernetes'],
  select: workloadsOf,
});
