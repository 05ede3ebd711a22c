import type { Format, Resource } from '../model';
import type { ResourceGraph } from '../graph/graph';

/** One thing a rule looks at: a cluster, a pod spec, a namespace. It names the resource findings belong to. */
export interface ViewInstance {
  resource: Resource;
}

/** A format-independent way of looking at the graph. Rules subscribe to one; the engine builds it once. */
export interface View<V extends ViewInstance = ViewInstance> {
  name: string;
  /** The formats whose resources this view reads: every rule on it is tested in each. */
  formats: readonly Format[];
  select(graph: ResourceGraph): V[];
}

export function defineView<V extends ViewInstance>(view: View<V>): View<V> {
  return view;
}
