import type { Resource } from '../model';
import { sameDeployment } from './deployments';

/** Every resource of a scan, indexed for views and cross-resource rules. Read-only once built. */
export class ResourceGraph {
  /** Resources evaluated under no context, by address. */
  private readonly byAddress = new Map<string, Resource>();
  /**
   * Resources evaluated under a context, by context name and address: two maps, not one keyed by the
   * two names joined, which built and hashed a new string for every resource and every lookup (profiled).
   */
  private readonly byContext = new Map<string, Map<string, Resource>>();
  private readonly byType = new Map<string, Resource[]>();
  /** Built on first use: no rule asks in most scans, and it is the graph's largest index (profiled). */
  private referrers: Map<string, Resource[]> | undefined;
  /** `ofType` results by their (lower-cased) type list: views ask for the same lists per resource. */
  private readonly byTypeList = new Map<string, readonly Resource[]>();

  constructor(
    readonly resources: readonly Resource[],
    /** The config clusters (platforms) each deployment takes part in. */
    private readonly platforms: ReadonlyMap<string, readonly string[]> = new Map(),
    /**
     * Lists of resources by (lower-cased) type that several graphs share, among `resources` in this
     * order: the graph answers `ofType` with the list itself when `resources` hold no other resource of
     * its type, so that a view indexing a type by its list (findServiceAccount) does it once for all of
     * them (engine/batches.ts: every part of a large group looks up the group's service accounts).
     */
    shared: ReadonlyMap<string, readonly Resource[]> = new Map(),
  ) {
    for (const r of resources) {
      if (r.context) {
        let inContext = this.byContext.get(r.context.name);
        if (!inContext) this.byContext.set(r.context.name, (inContext = new Map()));
        inContext.set(r.address, r);
      } else this.byAddress.set(r.address, r);
      const key = r.type.toLowerCase();
      let list = this.byType.get(key);
      if (!list) this.byType.set(key, (list = []));
      list.push(r);
    }
    for (const [key, list] of shared)
      if (sameItems(this.byType.get(key), list)) this.byTypeList.set(key, list);
  }

  /** Resource by address (within one evaluation context when given). */
  get(address: string, context?: string): Resource | undefined {
    return (context ? this.byContext.get(context)?.get(address) : undefined) ?? this.byAddress.get(address);
  }

  /**
   * Resources of the given types; type names are compared case-insensitively, as Azure does. The list
   * is the graph's own, shared by every caller that asks for these types: read-only.
   */
  ofType(...types: string[]): readonly Resource[] {
    const key =
      types.length === 1 ? types[0].toLowerCase() : types.map((t) => t.toLowerCase()).join('\u0000');
    let found = this.byTypeList.get(key);
    if (!found) {
      found =
        types.length === 1
          ? (this.byType.get(key) ?? [])
          : types.flatMap((t) => this.byType.get(t.toLowerCase()) ?? []);
      this.byTypeList.set(key, found);
    }
    return found;
  }

  /**
   * Whether two resources take part in one deployment (and one evaluation context). Graph rules pair
   * only these, or resources one of them refers to.
   */
  sameDeployment(a: Resource, b: Resource): boolean {
    return sameDeployment(a, b);
  }

  /** Whether two resources share a deployment, or the config declares their deployments one platform. */
  samePlatform(a: Resource, b: Resource): boolean {
    if (sameDeployment(a, b)) return true;
    const of = (r: Resource) => this.platforms.get(r.deployment ?? '') ?? [];
    const theirs = of(b);
    return of(a).some((p) => theirs.includes(p));
  }

  /** The deployments of the graph, sorted. */
  get deployments(): string[] {
    return [
      ...new Set(this.resources.flatMap((r) => (r.deployment === undefined ? [] : [r.deployment]))),
    ].sort();
  }

  /**
   * The contexts each deployment was evaluated under, sorted, for the deployments with a context other
   * than the deployment itself (a root evaluated alone, among other roots, is its own context).
   */
  get contexts(): Map<string, string[]> {
    const byDeployment = new Map<string, Set<string>>();
    for (const r of this.resources) {
      if (r.deployment === undefined || !r.context) continue;
      let names = byDeployment.get(r.deployment);
      if (!names) byDeployment.set(r.deployment, (names = new Set()));
      names.add(r.context.name);
    }
    const out = new Map<string, string[]>();
    for (const [deployment, names] of [...byDeployment].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if ([...names].some((n) => n !== deployment)) out.set(deployment, [...names].sort());
    }
    return out;
  }

  /** Resources that refer to the given address. */
  referencing(address: string): Resource[] {
    if (!this.referrers) {
      this.referrers = new Map();
      for (const r of this.resources)
        for (const target of r.references) {
          const refs = this.referrers.get(target);
          if (refs) refs.push(r);
          else this.referrers.set(target, [r]);
        }
    }
    return this.referrers.get(address) ?? [];
  }
}

function sameItems(a: readonly Resource[] | undefined, b: readonly Resource[]): boolean {
  if (a === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
