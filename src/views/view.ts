import type { Format, Resource } from '../model';
import type { ResourceGraph } from '../graph/graph';
import { keepShape, type ValueShape } from './reading';

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
  /** Its instances are context groups (see acrossContexts): rules on it compare environments. */
  acrossContexts?: true;
  /**
   * Its instances pair resources of any deployments of the scan (not only those of one deployment or
   * platform), of these types only: a scan checked group by group runs its rules once, over these
   * resources of every group (engine/groups.ts).
   */
  acrossDeployments?: {
    types: readonly string[];
    /**
     * Of those, the types whose resources in any group bear on the findings of others (the Defender
     * plans a cluster is told of): a `--shard` also loads the other shards' groups whose files name
     * one, unchecked, to keep them.
     */
    fromEveryShard?: readonly string[];
    /**
     * What the view and its rules read of the resources of some of these types (keys matched ignoring
     * case): only that is kept from group to group until they run, and sent back by worker threads
     * (most of the text those sent was the clusters' whole bodies). A type not named here is kept whole.
     */
    keep?: Readonly<Record<string, ValueShape>>;
  };
  /**
   * Its instances read several objects (a namespace's workloads and policies, a role's bindings). A
   * large folder of manifests is checked part by part (engine/batches.ts): the rules on a view without
   * this read one object per instance and run on each part; those on this view run once, at the end,
   * over what it read of the objects of every part (see AcrossObjects).
   */
  acrossObjects?: AcrossObjects<V>;
}

/**
 * How a view whose instances read several objects gets them from the parts of a scan: what it reads of
 * each object is made while the object's part is loaded and kept, in place of the object (whose value
 * tree and text a part would otherwise keep until the end), until its rules run over every part's.
 */
export interface AcrossObjects<V extends ViewInstance> {
  /** The types of the objects its instances read (matched ignoring case, as ResourceGraph.ofType). */
  types: readonly string[];
  /**
   * What the view reads of one object of these types, `as` standing for the object in findings (a part
   * of a scan gives the object without its body, its deployment named once every part is read).
   */
  read(resource: Resource, as: Resource): ViewInstance;
  /** The instances over what `read` gave for the objects of these types, in any order. */
  select(read: readonly ViewInstance[]): V[];
}

/**
 * `select` for a view whose instances read several objects: the same instances from one graph as from
 * the parts of a scan, since both come from what `read` makes of each object.
 */
export function selectByObject<V extends ViewInstance>(
  across: AcrossObjects<V>,
): (graph: ResourceGraph) => V[] {
  return (graph) => across.select(graph.ofType(...across.types).map((r) => across.read(r, r)));
}

/**
 * What the rules on these views that pair resources of any deployments keep of each of their types
 * (lower-cased), every view's reads together: plain data, for worker threads.
 */
export function keptAcrossDeployments(views: readonly View[]): Record<string, ValueShape> {
  const out: Record<string, ValueShape> = {};
  for (const { acrossDeployments: across } of views) {
    for (const type of across?.types ?? []) {
      const shape = lowerCased(across?.keep?.[type] ?? true);
      const t = type.toLowerCase();
      out[t] = Object.hasOwn(out, t) ? union(out[t], shape) : shape;
    }
  }
  return out;
}

/** What the rules across deployments keep of a resource (see keptAcrossDeployments); undefined: nothing. */
export function keptAcross(
  resource: Resource,
  kept: Readonly<Record<string, ValueShape>>,
): Resource | undefined {
  const type = resource.type.toLowerCase();
  if (!Object.hasOwn(kept, type)) return undefined;
  const shape = kept[type];
  return shape === true
    ? resource
    : { ...resource, body: keepShape(resource.body, shape, { ignoreCase: true, wholeIfSupplied: true }) };
}

function lowerCased(shape: ValueShape): ValueShape {
  if (shape === true) return true;
  const out: Record<string, ValueShape> = {};
  for (const [key, inner] of Object.entries(shape)) {
    const k = key.toLowerCase();
    const lower = lowerCased(inner);
    out[k] = Object.hasOwn(out, k) ? union(out[k], lower) : lower;
  }
  return out;
}

/** What either shape keeps. */
function union(a: ValueShape, b: ValueShape): ValueShape {
  if (a === true || b === true) return true;
  const out: Record<string, ValueShape> = { ...a };
  for (const [key, inner] of Object.entries(b))
    out[key] = Object.hasOwn(out, key) ? union(out[key], inner) : inner;
  return out;
}

export function defineView<V extends ViewInstance>(view: View<V>): View<V> {
  return view;
}

/**
 * The instances of one definition (one resource declaration of one file) evaluated under several
 * contexts: the parameter files of a template, the roots that call one module. Rules on a view made
 * by `acrossContexts` compare the environments one piece of code is deployed to (AKS901).
 */
export interface ContextGroup<V extends ViewInstance> extends ViewInstance {
  /**
   * What findings belong to: the first member's resource without its context, so that a finding about
   * the group appears once and is not said to hold "only with" one context.
   */
  resource: Resource;
  /** One instance per context, at least two, sorted by context name. */
  members: V[];
}

/**
 * A view whose instances are the context groups of another view's instances: those that share a file
 * and a declaration range, with one instance per context. When a context holds several instances of
 * the declaration (a loop, a module called twice), each is grouped with those of the same address.
 * A definition evaluated in one context only is no group; two clusters declared apart never meet.
 */
export function acrossContexts<V extends ViewInstance>(view: View<V>): View<ContextGroup<V>> {
  return defineView({
    name: `${view.name}AcrossContexts`,
    formats: view.formats,
    select: (graph) => contextGroups(view.select(graph)),
    acrossContexts: true,
  });
}

function contextGroups<V extends ViewInstance>(instances: readonly V[]): ContextGroup<V>[] {
  const byDefinition = new Map<string, V[]>();
  for (const instance of instances) {
    const { file, range, context } = instance.resource;
    if (!context) continue;
    const key = [file, range.line, range.column, range.endLine, range.endColumn].join('\u0000');
    const list = byDefinition.get(key);
    if (list) list.push(instance);
    else byDefinition.set(key, [instance]);
  }
  const groups: ContextGroup<V>[] = [];
  for (const list of byDefinition.values()) {
    const contexts = new Set(list.map((i) => i.resource.context!.name));
    const oneEach = contexts.size === list.length;
    const byAddress = new Map<string, V[]>();
    for (const i of list) {
      const key = oneEach ? '' : i.resource.address;
      byAddress.set(key, [...(byAddress.get(key) ?? []), i]);
    }
    for (const members of byAddress.values()) {
      const named = new Map(members.map((m) => [m.resource.context!.name, m]));
      if (named.size < 2) continue;
      const sorted = [...named.keys()].sort().map((name) => named.get(name)!);
      const { context: _context, ...resource } = sorted[0].resource;
      groups.push({ resource, members: sorted });
    }
  }
  return groups;
}
