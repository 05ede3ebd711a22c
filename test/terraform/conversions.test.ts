import { load, plain, resource } from './helpers';

/**
 * A variable's value converted to its declared type (from a tfvars file, as strings often are), and an
 * azapi body given as a JSON string: what Terraform would convert is converted, the rest stays as written.
 */

async function converted(type: string, tfvars: string): Promise<unknown> {
  const result = await load({
    'main.tf': `variable "v" {\n  type = ${type}\n}\nresource "t" "x" {\n  v = var.v\n}\n`,
    'terraform.tfvars': `v = ${tfvars}\n`,
  });
  expect(result.errors).toEqual([]);
  return plain(resource(result, 't.x'), 'v');
}

describe('variable values converted to the declared type', () => {
  it.each([
    ['tuple([number, bool, string])', '["1", "true", 2]', [1, true, '2']],
    ['tuple([number])', '{ a = "1" }', { a: '1' }],
    [
      'object({ "quoted" = number, plain = bool })',
      '{ quoted = "5", plain = "false" }',
      { quoted: 5, plain: false },
    ],
    ['map(number)', '{ a = "1", b = "x" }', { a: 1, b: 'x' }],
    ['list(bool)', '["true", "no"]', [true, 'no']],
    ['any', '"7"', '7'],
    ['number', '[1]', [1]],
    ['string', 'null', null],
    ['frobnicate(number)', '"1"', '1'],
    ['object({ (local.k) = number })', '{ a = "1" }', { a: '1' }],
  ])('%s of %s is %j', async (type, tfvars, expected) => {
    expect(await converted(type, tfvars)).toEqual(expected);
  });
});

describe('an azapi_resource body written as a string', () => {
  async function bodyOf(body: string): Promise<unknown> {
    const result = await load({
      'main.tf': `resource "azapi_resource" "aks" {\n  type = "Microsoft.ContainerService/managedClusters@2024-02-01"\n  name = "aks"\n  body = ${body}\n}\n`,
    });
    return plain(resource(result, 'azapi_resource.aks'));
  }

  it('is read as the object its JSON holds', async () => {
    expect(await bodyOf('jsonencode({ properties = { dnsPrefix = "p" } })')).toEqual({
      name: 'aks',
      properties: { dnsPrefix: 'p' },
    });
  });

  it.each([['"not json"'], ['jsonencode([1, 2])'], ['"42"']])(
    'adds nothing when it is not a JSON object: %s',
    async (body) => {
      expect(await bodyOf(body)).toEqual({ name: 'aks' });
    },
  );
});
