import { evalExpr, evalPlain } from './helpers';

const decls = `
variable "known" { default = "v" }
variable "missing" {}
variable "flag" { default = true }
locals {
  n    = 3
  tags = { env = "prod", team = "aks" }
  list = ["a", "b", "c"]
  a    = local.b
  b    = local.a
}
`;
const value = (expr: string) => evalPlain(expr, decls);

describe('expressions', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 / 4', 2.5],
    ['-5 % 3', -2],
    ['"5" + 1', 6],
    ['3 >= 2 && 1 < 2', true],
    ['!true || false', false],
    ['1 == 1.0', true],
    ['"a" != "b"', true],
    ['[1, "x"] == [1, "x"]', true],
    ['local.n > 2 ? "big" : "small"', 'big'],
    ['local.n == 1 ? "one" : local.n == 3 ? "three" : "other"', 'three'],
    ['local.n == 3 ? "three" : local.n == 1 ? "one" : "other"', 'three'],
    ['false ? 1 : false ? 2 : 3', 3],
    ['true ? "a" : false ? "b" : "c"', 'a'],
    ['true ? false ? 1 : 2 : 3', 2],
    ['{ a = 1, "b" = [true, null] }', { a: 1, b: [true, null] }],
    ['local.tags["env"]', 'prod'],
    ['local.tags.team', 'aks'],
    ['local.list[1]', 'b'],
    ['local.list.1', 'b'],
    ['[[1, 2], [3, 4]].1.0', 3],
    ['[{ a = 1 }, { a = 2 }][*].a', [1, 2]],
    ['[{ a = 1 }, { a = 2 }].*.a', [1, 2]],
    ['[for s in local.list : upper(s) if s != "b"]', ['A', 'C']],
    ['{ for k, v in local.tags : v => k }', { prod: 'env', aks: 'team' }],
    ['{ for s in ["a", "b", "a"] : s => s... }', { a: ['a', 'a'], b: ['b'] }],
    ['[for i, s in local.list : i]', [0, 1, 2]],
    ['var.known', 'v'],
    ['path.module', '.'],
  ])('%s', async (expr, expected) => {
    expect(await value(expr)).toEqual(expected);
  });

  it('follows references with any number of steps', async () => {
    const deep = `locals { deep = ${'['.repeat(20)}"end"${']'.repeat(20)} }`;
    // 21 and 20 steps after the root name, and 4: long references are read apart from short ones.
    expect(await evalPlain(`local.deep${'[0]'.repeat(20)}`, deep)).toBe('end');
    expect(await evalPlain(`local.deep${'.0'.repeat(19)}`, deep)).toEqual(['end']);
    expect(await evalPlain(`local.deep[0].0[0]`, deep)).toEqual(
      JSON.parse(`${'['.repeat(17)}"end"${']'.repeat(17)}`),
    );
    expect(await evalPlain(`local.deep${'[0]'.repeat(21)}`, deep)).toEqual({
      unknown: 'a string cannot be indexed',
    });
  });

  it('lets a repeated object key replace the earlier entry, in small and large objects', async () => {
    // Past 16 entries an object finds a repeated key by a set instead of a scan; nested objects and
    // objects in keys are built in between.
    const keys = Array.from({ length: 20 }, (_, i) => `k${i} = ${i}`).join(', ');
    const inner = '{ a = 1, b = { c = 2 }, a = 3 }';
    expect(await evalPlain(`{ x = 1, y = ${inner}, x = 2 }`)).toEqual({ y: { b: { c: 2 }, a: 3 }, x: 2 });
    const large = (await evalPlain(`{ ${keys}, k3 = "again", n = ${inner}, k18 = "again" }`)) as object;
    expect(Object.keys(large)).toEqual([
      ...Array.from({ length: 20 }, (_, i) => `k${i}`).filter((k) => k !== 'k3' && k !== 'k18'),
      'k3',
      'n',
      'k18',
    ]);
    expect(large).toMatchObject({ k3: 'again', k18: 'again', k4: 4, n: { b: { c: 2 }, a: 3 } });
  });

  it('templates: interpolation, directives, escapes and heredocs', async () => {
    expect(await value('"x-${local.n}-${var.known}"')).toBe('x-3-v');
    expect(await value('"%{if var.flag}on%{else}off%{endif}"')).toBe('on');
    expect(await value('"%{for s in local.list}${s},%{endfor}"')).toBe('a,b,c,');
    expect(await value('"a\\"b\\\\n\\u00e9 $${literal}"')).toBe('a"b\\né ${literal}');
    expect(await value('"${local.n}"')).toBe(3);
    expect(await value('"x ${~ "y" ~} z"')).toBe('xyz');
    expect(await value('<<EOT\nline ${local.n}\n  two\nEOT')).toBe('line 3\n  two\n');
    expect(await value('<<-EOT\n    indented ${var.known}\n      more\n    EOT')).toBe(
      'indented v\n  more\n',
    );
  });

  it('keeps the range of literals and places computed values at the expression', async () => {
    const v = await evalExpr('[1, 2]');
    expect(v.kind === 'list' && v.items[1].range).toMatchObject({ line: 3, column: 11, endColumn: 12 });
    const local = await evalExpr('local.tags', decls);
    expect(local.range).toMatchObject({ line: 14, column: 7, endColumn: 17 });
  });
});

describe('unknown values', () => {
  it('say why they are unknown', async () => {
    const v = await evalExpr('var.missing', decls);
    expect(v).toMatchObject({
      kind: 'unknown',
      reason: 'var.missing has no default and no tfvars value',
      source: 'var.missing',
    });
    expect(await value('azurerm_subnet.aks.id')).toEqual({
      unknown: 'azurerm_subnet.aks.id is known only after apply',
    });
    // A resource's attribute will exist once deployed, written bare or as a 0.11-style template.
    for (const ref of ['azurerm_subnet.aks.id', '"${azurerm_subnet.aks.id}"'])
      expect(await evalExpr(ref)).toMatchObject({ kind: 'unknown', deferred: true });
    expect(await value('data.azurerm_client_config.current.tenant_id')).toEqual({
      unknown: 'data.azurerm_client_config.current is read from the provider when Terraform plans',
    });
    expect(await value('file("x.txt")')).toMatchObject({
      unknown: expect.stringMatching(/file\(\) is not evaluated/),
    });
    expect(await value('nosuchfunction(1)')).toMatchObject({
      unknown: expect.stringMatching(/nosuchfunction/),
    });
  });

  it('name the resource attribute a reference reads, and an id as never empty', async () => {
    const cases: Array<[string, string, boolean]> = [
      ['azurerm_subnet.aks', 'azurerm_subnet.aks', false],
      ['azurerm_subnet.aks.id', 'azurerm_subnet.aks.id', true],
      ['azurerm_subnet.aks.ids', 'azurerm_subnet.aks.ids', false],
      ['azurerm_subnet.aks.id_x', 'azurerm_subnet.aks.id_x', false],
    ];
    for (const [ref, what, nonEmpty] of cases) {
      const v = await evalExpr(ref);
      expect(v).toMatchObject({ kind: 'unknown', reason: `${what} is known only after apply`, source: ref });
      expect(v.kind === 'unknown' && v.nonEmpty === true).toBe(nonEmpty);
    }
    // The same reference read twice gives one reason string.
    const twice = await evalExpr('[azurerm_subnet.aks.id, azurerm_subnet.aks.id]');
    const [a, b] = twice.kind === 'list' ? twice.items : [];
    expect(a.kind === 'unknown' && b.kind === 'unknown' && a.reason === b.reason).toBe(true);
  });

  it('propagate through operators, conditionals, templates and functions', async () => {
    const reason = { unknown: 'var.missing has no default and no tfvars value' };
    expect(await value('var.missing ? true : false')).toEqual(reason);
    expect(await value('"a-${var.missing}"')).toEqual(reason);
    expect(await value('var.missing + 1')).toEqual(reason);
    expect(await value('upper(var.missing)')).toEqual(reason);
    expect(await value('try(var.missing, 1)')).toEqual(reason);
    expect(await value('[for s in var.missing : s]')).toEqual(reason);
  });

  it('decides key tests and emptiness of objects whose values are unknown, and that an id is never empty', async () => {
    const more = `${decls}\nlocals {\n  o = { a = var.missing }\n}\nresource "azurerm_virtual_network" "v" {}\n`;
    const v = (expr: string) => evalPlain(expr, more);
    expect(await v('contains(keys(local.o), "a")')).toBe(true);
    expect(await v('length(local.o) == 0')).toBe(false);
    expect(await v('lookup(local.o, "b", null) == null')).toBe(true);
    expect(await v('azurerm_virtual_network.v.id != ""')).toBe(true);
    expect(await v('azurerm_virtual_network.v.id == null')).toBe(false);
    expect(await v('azurerm_virtual_network.v.name == ""')).toMatchObject({ unknown: expect.any(String) });
  });

  it('short-circuits boolean logic like Terraform', async () => {
    expect(await value('true || var.missing')).toBe(true);
    expect(await value('var.missing || true')).toBe(true);
    expect(await value('false && var.missing')).toBe(false);
    expect(await value('true && var.missing')).toMatchObject({ unknown: expect.any(String) });
  });

  it('keeps known parts of collections known', async () => {
    const v = await evalExpr('[1, var.missing]', decls);
    expect(v.kind === 'list' && v.items.map((i) => i.kind)).toEqual(['scalar', 'unknown']);
    expect(await value('length([1, var.missing])')).toBe(2);
    expect(await value('merge({ a = var.missing }, { b = 1 }).b')).toBe(1);
  });

  it('reports cycles between locals as unknown', async () => {
    expect(await value('local.a')).toMatchObject({ unknown: expect.stringMatching(/cycle/) });
  });
});

describe('functions', () => {
  it.each([
    ['lower("AbC")', 'abc'],
    ['upper("abc")', 'ABC'],
    ['concat(["a"], ["b", "c"])', ['a', 'b', 'c']],
    ['contains(["a", "b"], "b")', true],
    ['length({ a = 1 })', 1],
    ['length("héllo")', 5],
    ['merge({ a = 1, b = 1 }, { b = 2 })', { a: 1, b: 2 }],
    ['lookup({ a = 1 }, "a", 0)', 1],
    ['lookup({ a = 1 }, "z", 0)', 0],
    ['try(local.tags.nope, "fallback")', 'fallback'],
    ['try(local.tags.env, "fallback")', 'prod'],
    ['can(local.tags.nope)', false],
    ['can(local.tags.env)', true],
    ['coalesce(null, "", "x")', 'x'],
    ['tobool("true")', true],
    ['tostring(5)', '5'],
    ['tonumber("2.5")', 2.5],
    ['tolist(["a"])', ['a']],
    ['toset(["b", "a", "b"])', ['a', 'b']],
    ['tomap({ a = "x" })', { a: 'x' }],
    ['keys({ b = 1, a = 2 })', ['a', 'b']],
    ['values({ b = 1, a = 2 })', [2, 1]],
    ['format("%s-%d %q %v %%", "a", 3, "q", true)', 'a-3 "q" true %'],
    ['join(",", ["a", "b"])', 'a,b'],
    ['split(",", "a,b")', ['a', 'b']],
    ['replace("a-b-c", "-", "_")', 'a_b_c'],
    ['replace("a1b22", "/[0-9]+/", "#")', 'a#b#'],
    ['trimspace("  x ")', 'x'],
    ['startswith("abc", "ab")', true],
    ['endswith("abc", "bc")', true],
    ['distinct([1, 2, 1])', [1, 2]],
    ['flatten([[1], [2, [3]]])', [1, 2, 3]],
    ['element(["a", "b"], 3)', 'b'],
    ['jsonencode({ a = [1, true] })', '{"a":[1,true]}'],
    ['min(3, 1, 2)', 1],
    ['max([1, 5]...)', 5],
    ['substr("hello", 1, 3)', 'ell'],
  ])('%s', async (expr, expected) => {
    expect(await value(expr)).toEqual(expected);
  });
});
