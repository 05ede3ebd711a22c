/**
 * ARM template functions (Bicep has the same) that build a resource id: never empty, whatever the
 * resource, even though its text is known only at deployment. Lower-case, as both compare names.
 */
export const RESOURCE_ID_FUNCTIONS: ReadonlySet<string> = new Set([
  'resourceid',
  'subscriptionresourceid',
  'tenantresourceid',
  'managementgroupresourceid',
  'extensionresourceid',
]);
