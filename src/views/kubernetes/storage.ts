import { getProperty } from '../../model/value';
import type { SourceRange } from '../../model/range';
import type { ResourceGraph } from '../../graph/graph';
import { attributeRange } from '../reading';
import { defineView, type ViewInstance } from '../view';
import { workloadsOf } from './pod-spec';
import { bySource, kubernetesResources, objectOf, stringOf } from './read';

/** A directory of a node that a pod can mount: a pod's hostPath volume, or a hostPath PersistentVolume. */
export interface HostPathInstance extends ViewInstance {
  /** `Deployment shop/web`, `PersistentVolume data`. */
  owner: string;
  /** Where it is written: in a pod spec, or a PersistentVolume that claims bind pods to. */
  source: 'pod' | 'persistentVolume';
  /** The pod volume's name; undefined for a PersistentVolume. */
  volume: string | undefined;
  path: string | undefined;
  range: SourceRange;
}

export function hostPathsOf(graph: ResourceGraph): HostPathInstance[] {
  const fromPods = workloadsOf(graph).flatMap((pod) =>
    pod.volumes.flatMap((v) =>
      v.hostPath
        ? [
            {
              resource: pod.resource,
              owner: pod.label,
              source: 'pod' as const,
              volume: v.name,
              path: v.hostPath.path,
              range: v.hostPath.range,
            },
          ]
        : [],
    ),
  );
  // Cluster-scoped: admission (Pod Security included) checks the pod, never the volume it claims.
  const fromVolumes = kubernetesResources(graph.ofType('PersistentVolume'))
    .sort(bySource)
    .flatMap((resource) => {
      const entry = objectOf(getProperty(resource.body, 'spec'))?.entries.find((e) => e.key === 'hostPath');
      if (!entry) return [];
      return [
        {
          resource,
          owner: `PersistentVolume ${resource.name}`,
          source: 'persistentVolume' as const,
          volume: undefined,
          path: stringOf(getProperty(entry.value, 'path')),
          range: attributeRange(entry.keyRange, entry.value),
        },
      ];
    });
  return [...fromPods, ...fromVolumes];
}

/** Every hostPath a pod can get: its own volumes, and PersistentVolumes backed by a node directory. */
export const hostPathView = defineView<HostPathInstance>({
  name: 'HostPath',
  formats: ['kubernetes'],
  select: hostPathsOf,
});
