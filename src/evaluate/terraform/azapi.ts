import { fromPlain, getEntry, object, type ObjectEntry, type Resource, type Value } from '../../model';

/** AzAPI resources whose `body` is the ARM resource (what the views read) rather than an update to one. */
const AZAPI_RESOURCES = new Set(['azapi_resource']);

/** Arguments of azapi_resource that are ARM resource properties beside the `body`. */
const TOP_LEVEL = ['name', 'location', 'identity', 'tags'];

/**
 * An `azapi_resource` declares an Azure resource by its REST API type (`Microsoft.X/y@version`) with
 * an ARM-shaped `body`: the resource as ARM and Bicep would write it. It becomes a resource of that
 * type, its body the ARM resource (`name`, `location`, `identity`, `tags` and the `body` object's
 * entries, `properties` among them), so the same views and rules read it. Its address stays the
 * Terraform one; its name becomes the deployed one. Undefined when the type is not a known string.
 */
export function asArmResource(
  resource: Resource,
  parentRefs: readonly string[],
  /** The object a 1.x `jsonencode({...})` body encodes, with the ranges of what it holds. */
  encodedBody?: Value & { kind: 'object' },
): Resource | undefined {
  if (!AZAPI_RESOURCES.has(resource.type)) return undefined;
  const typeValue = getEntry(resource.body, 'type')?.value;
  if (typeValue?.kind !== 'scalar' || typeof typeValue.value !== 'string') return undefined;
  const [armType, apiVersion] = typeValue.value.split('@');
  if (!/^[^/]+\.[^/]+\/[^/]/.test(armType)) return undefined;
  const entries: ObjectEntry[] = [];
  for (const key of TOP_LEVEL) {
    const entry = getEntry(resource.body, key);
    if (entry) entries.push(entry);
  }
  const body = encodedBody ?? objectBody(getEntry(resource.body, 'body')?.value);
  if (body) entries.push(...body.entries);
  const out: Resource = { ...resource, type: armType, body: object(entries, resource.body.range) };
  // As for ARM resources, the name is the one deployed (messages name the cluster by it).
  const name = getEntry(resource.body, 'name')?.value;
  if (name?.kind === 'scalar' && typeof name.value === 'string') out.name = name.value;
  if (apiVersion) out.apiVersion = apiVersion;
  // A child resource (managedClusters/agentPools) names its parent through parent_id.
  const parent =
    armType.split('/').length > 2 ? parentRefs.find((r) => /(^|\.)azapi_resource\./.test(r)) : undefined;
  if (parent) out.parent = parent;
  return out;
}

/** azapi 2.x takes the body as an object; 1.x as `jsonencode({...})`, a JSON string. */
function objectBody(value: Value | undefined): (Value & { kind: 'object' }) | undefined {
  if (value?.kind === 'object') return value;
  if (value?.kind !== 'scalar' || typeof value.value !== 'string') return undefined;
  try {
    const decoded = fromPlain(JSON.parse(value.value), value.range);
    return decoded.kind === 'object' ? decoded : undefined;
  } catch {
    return undefined;
  }
}
