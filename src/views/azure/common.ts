import { getProperty, type ObjectEntry, type Resource, type Scalar, type Value } from '../../model';
import {
  asBoolean,
  attributeRange,
  readScalar,
  readValue,
  unresolvedOf,
  type AttributePath,
  type ReadRoot,
  type Reading,
} from '../reading';

/** Terraform (azurerm) writes one vocabulary; ARM and Bicep share the REST API's. */
export type Family = 'terraform' | 'azure';

/**
 * The vocabulary a resource is written in. Terraform's azurerm resources use azurerm's; ARM, Bicep and
 * Terraform's AzAPI resources (typed `Microsoft.X/y`, with ARM-shaped bodies) the REST API's.
 */
export const familyOf = (resource: Pick<Resource, 'format' | 'type'>): Family =>
  resource.format === 'terraform' && !resource.type.includes('/') ? 'terraform' : 'azure';

const paths = new Map<string, AttributePath>();

/** The path a dotted attribute name stands for; made once per name, as views read the same names for every resource. */
export function path(dotted: string): AttributePath {
  let found = paths.get(dotted);
  if (!found) paths.set(dotted, (found = { path: dotted.split('.'), attribute: dotted }));
  return found;
}

/** A scalar setting of a resource (or an object inside one), ARM/Bicep names compared case-insensitively. */
export function scalarSetting(
  root: ReadRoot,
  family: Family,
  alternatives: readonly string[],
  defaultValue?: Scalar,
): Reading<Scalar> {
  return readScalar(root, alternatives.map(path), { ignoreCase: family === 'azure', default: defaultValue });
}

export function valueSetting(
  root: ReadRoot,
  family: Family,
  alternatives: readonly string[],
): Reading<Value> {
  return readValue(root, alternatives.map(path), { ignoreCase: family === 'azure' });
}

/**
 * A setting of `root` written at its top level, as `valueSetting(root, family, [attribute])` reads it,
 * from the entry the caller found (undefined when it is not written): a view that reads several
 * settings of thousands of objects finds their entries in one walk over each object (profiled).
 */
export function entrySetting(
  root: ReadRoot,
  entry: ObjectEntry | undefined,
  attribute: string,
): Reading<Value> {
  if (!entry) return { state: 'absent', value: undefined, range: root.range, attribute };
  const written = root.writtenAs?.[attribute] ?? attribute;
  const value = entry.value;
  const range = attributeRange(entry.keyRange, value);
  // As readValue: null means not set, and an unknown value is unresolved.
  if (value.kind === 'scalar' && value.value === null)
    return { state: 'absent', value: undefined, range, attribute: written };
  if (value.kind === 'unknown') return unresolvedOf(value, written, range);
  return { state: 'set', value, raw: value, range, attribute: written };
}

/** Like entrySetting, for a scalar setting, as `scalarSetting(root, family, [attribute])` reads it. */
export function entryScalarSetting(
  root: ReadRoot,
  entry: ObjectEntry | undefined,
  attribute: string,
): Reading<Scalar> {
  const r = entrySetting(root, entry, attribute);
  if (r.state === 'absent') return { ...r, value: undefined };
  if (r.state === 'unknown') return r;
  return { ...r, value: r.value.kind === 'scalar' ? r.value.value : null };
}

/** A setting as a boolean: 'true'/'false' strings count (ARM parameters often pass them); anything else is unknown. */
export function booleanSetting(
  root: ReadRoot,
  family: Family,
  alternatives: readonly string[],
  defaultValue: boolean,
): Reading<boolean> {
  return toBoolean(scalarSetting(root, family, alternatives, defaultValue));
}

export function toBoolean(r: Reading<Scalar>): Reading<boolean> {
  if (r.state === 'unknown') return r;
  const b = asBoolean(r.value ?? undefined);
  if (r.state === 'absent') return { ...r, value: b };
  if (b === undefined) return notExpected(r, 'true or false');
  return { ...r, value: b };
}

/** A setting whose value is a string, compared case-insensitively by callers. */
export function toText(r: Reading<Scalar>): Reading<string | undefined> {
  if (r.state === 'unknown') return r;
  if (r.state === 'absent') return { ...r, value: typeof r.value === 'string' ? r.value : undefined };
  if (typeof r.value !== 'string') return notExpected(r, 'a string');
  return { ...r, value: r.value };
}

function notExpected(r: Extract<Reading<Scalar>, { state: 'set' }>, expected: string): Reading<never> {
  return {
    state: 'unknown',
    reason: `expected ${expected}, found ${JSON.stringify(r.value)}`,
    source: JSON.stringify(r.value),
    range: r.range,
    attribute: r.attribute,
  };
}

/** The name a resource is deployed under when known (`name` attribute), else its declared name. */
export function deployedName(resource: Resource): string {
  const name = getProperty(resource.body, 'name', { ignoreCase: familyOf(resource) === 'azure' });
  return name?.kind === 'scalar' && typeof name.value === 'string' ? name.value : resource.name;
}
