import { evalExpr, evalPlain } from './helpers';

/**
 * Terraform's built-in functions against the values Terraform's documentation gives for its examples
 * (developer.hashicorp.com/terraform/language/functions/<name>) and, for format's verbs and flags,
 * the cases of go-cty's own tests (the library Terraform's format is).
 */
const documented: [string, unknown][] = [
  // Numbers
  ['abs(23)', 23],
  ['abs(0)', 0],
  ['abs(-12.4)', 12.4],
  ['ceil(5)', 5],
  ['ceil(5.1)', 6],
  ['floor(5)', 5],
  ['floor(4.9)', 4],
  ['log(16, 2)', 4],
  ['max(12, 54, 3)', 54],
  ['max([12, 54, 3]...)', 54],
  ['min(12, 54, 3)', 3],
  ['parseint("100", 10)', 100],
  ['parseint("FF", 16)', 255],
  ['parseint("-10", 16)', -16],
  ['parseint("1011111011101111", 2)', 48879],
  ['parseint("aA", 62)', 656],
  ['pow(3, 2)', 9],
  ['pow(4, 0)', 1],
  ['signum(-13)', -1],
  ['signum(0)', 0],
  ['signum(344)', 1],
  // Strings
  ['chomp("hello\\n")', 'hello'],
  ['chomp("hello\\r\\n")', 'hello'],
  ['chomp("hello\\n\\n")', 'hello'],
  ['format("Hello, %s!", "Ander")', 'Hello, Ander!'],
  ['format("There are %d lights", 4)', 'There are 4 lights'],
  ['format("%#v", "hello")', '"hello"'],
  ['format("%#v", true)', 'true'],
  ['format("%#v", 1)', '1'],
  ['format("%#v", { a = 1 })', '{"a":1}'],
  ['format("%#v", [true])', '[true]'],
  ['format("%#v", null)', 'null'],
  [
    'formatlist("Hello, %s!", ["Valentina", "Ander", "Olivia", "Sam"])',
    ['Hello, Valentina!', 'Hello, Ander!', 'Hello, Olivia!', 'Hello, Sam!'],
  ],
  [
    'formatlist("%s, %s!", "Salutations", ["Valentina", "Ander", "Olivia", "Sam"])',
    ['Salutations, Valentina!', 'Salutations, Ander!', 'Salutations, Olivia!', 'Salutations, Sam!'],
  ],
  ['indent(2, "a\\nb")', 'a\n  b'],
  ['join("-", ["foo", "bar", "baz"])', 'foo-bar-baz'],
  ['join(", ", ["foo"])', 'foo'],
  ['lower("HELLO")', 'hello'],
  ['upper("hello")', 'HELLO'],
  ['regex("[a-z]+", "53453453.345345aaabbbccc23454")', 'aaabbbccc'],
  ['regex("(\\\\d\\\\d\\\\d\\\\d)-(\\\\d\\\\d)-(\\\\d\\\\d)", "2019-02-01")', ['2019', '02', '01']],
  [
    'regex("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?", "https://terraform.io/docs/")',
    { scheme: 'https', authority: 'terraform.io' },
  ],
  ['regexall("[a-z]+", "1234abcd5678efgh9")', ['abcd', 'efgh']],
  ['length(regexall("[a-z]+", "1234abcd5678efgh9"))', 2],
  ['replace("1 + 2 + 3", "+", "-")', '1 - 2 - 3'],
  ['replace("hello world", "/w.*d/", "everybody")', 'hello everybody'],
  ['split(",", "foo,bar,baz")', ['foo', 'bar', 'baz']],
  ['split(",", "foo")', ['foo']],
  ['split(",", "")', ['']],
  ['strrev("hello")', 'olleh'],
  ['strrev("a ☃")', '☃ a'],
  ['substr("hello world", 1, 4)', 'ello'],
  ['substr("🤔🤷", 0, 1)', '🤔'],
  ['substr("hello world", -5, -1)', 'world'],
  ['substr("hello world", 6, 10)', 'world'],
  ['title("hello world")', 'Hello World'],
  ['trim("?!hello?!", "!?")', 'hello'],
  ['trim("foobar", "far")', 'oob'],
  ['trim("   hello! world.!  ", "! ")', 'hello! world.'],
  ['trimprefix("helloworld", "hello")', 'world'],
  ['trimprefix("helloworld", "cat")', 'helloworld'],
  ['trimsuffix("helloworld", "world")', 'hello'],
  ['trimspace("  hello\\n\\n")', 'hello'],
  ['startswith("hello world", "hello")', true],
  ['startswith("hello world", "world")', false],
  ['endswith("hello world", "world")', true],
  ['strcontains("hello world", "wor")', true],
  ['strcontains("hello world", "wod")', false],
  // Collections
  ['alltrue(["true", true])', true],
  ['alltrue([true, false])', false],
  ['alltrue([])', true],
  ['anytrue(["true"])', true],
  ['anytrue([])', false],
  ['chunklist(["a", "b", "c", "d", "e"], 2)', [['a', 'b'], ['c', 'd'], ['e']]],
  ['chunklist(["a", "b", "c", "d", "e"], 1)', [['a'], ['b'], ['c'], ['d'], ['e']]],
  ['coalesce("a", "b")', 'a'],
  ['coalesce("", "b")', 'b'],
  ['coalesce(1, 2)', 1],
  ['coalescelist(["a", "b"], ["c", "d"])', ['a', 'b']],
  ['coalescelist([], ["c", "d"])', ['c', 'd']],
  ['compact(["a", "", "b", "c"])', ['a', 'b', 'c']],
  ['concat(["a", ""], ["b", "c"])', ['a', '', 'b', 'c']],
  ['contains(["a", "b", "c"], "a")', true],
  ['contains(["a", "b", "c"], "d")', false],
  ['distinct(["a", "b", "a", "c", "d", "b"])', ['a', 'b', 'c', 'd']],
  ['element(["a", "b", "c"], 1)', 'b'],
  ['element(["a", "b", "c"], 3)', 'a'],
  ['element(["a", "b", "c"], length(["a", "b", "c"]) - 1)', 'c'],
  ['flatten([["a", "b"], [], ["c"]])', ['a', 'b', 'c']],
  ['flatten([[["a", "b"], []], ["c"]])', ['a', 'b', 'c']],
  ['index(["a", "b", "c"], "b")', 1],
  ['keys({ a = 1, c = 2, d = 3 })', ['a', 'c', 'd']],
  ['length([])', 0],
  ['length(["a", "b"])', 2],
  ['length({ "a" = "b" })', 1],
  ['length("hello")', 5],
  ['length("👾🕹️")', 2],
  ['lookup({ a = "ay", b = "bee" }, "a", "what?")', 'ay'],
  ['lookup({ a = "ay", b = "bee" }, "c", "what?")', 'what?'],
  ['merge({ a = "b", c = "d" }, { e = "f", c = "z" })', { a: 'b', c: 'z', e: 'f' }],
  ['one([])', null],
  ['one(["hello"])', 'hello'],
  ['range(3)', [0, 1, 2]],
  ['range(1, 4)', [1, 2, 3]],
  ['range(1, 8, 2)', [1, 3, 5, 7]],
  ['range(1, 4, 0.5)', [1, 1.5, 2, 2.5, 3, 3.5]],
  ['range(4, 1)', [4, 3, 2]],
  ['range(10, 5, -2)', [10, 8, 6]],
  ['reverse([1, 2, 3])', [3, 2, 1]],
  ['setintersection(["a", "b"], ["b", "c"], ["b", "d"])', ['b']],
  ['setsubtract(["a", "b", "c"], ["a", "c"])', ['b']],
  ['setunion(["a", "b"], ["b", "c"], ["d"])', ['a', 'b', 'c', 'd']],
  ['slice(["a", "b", "c", "d"], 1, 3)', ['b', 'c']],
  ['sort(["e", "d", "a", "x"])', ['a', 'd', 'e', 'x']],
  ['sum([10, 13, 6, 4.5])', 33.5],
  ['transpose({ "a" = ["1", "2"], "b" = ["2", "3"] })', { '1': ['a'], '2': ['a', 'b'], '3': ['b'] }],
  ['values({ a = 3, c = 2, d = 1 })', [3, 2, 1]],
  ['zipmap(["a", "b"], [1, 2])', { a: 1, b: 2 }],
  // Encoding and type conversion
  ['base64encode("Hello World")', 'SGVsbG8gV29ybGQ='],
  ['base64decode("SGVsbG8gV29ybGQ=")', 'Hello World'],
  ['jsonencode({ "hello" = "world" })', '{"hello":"world"}'],
  ['jsondecode("{\\"hello\\": \\"world\\"}")', { hello: 'world' }],
  ['jsondecode("true")', true],
  ['urlencode("Hello World!")', 'Hello+World%21'],
  ['urlencode("☃")', '%E2%98%83'],
  ['urlencode("foo=bar&baz=qux")', 'foo%3Dbar%26baz%3Dqux'],
  ['tobool("true")', true],
  ['tobool(null)', null],
  ['tonumber("1")', 1],
  ['tonumber(null)', null],
  ['tostring("hello")', 'hello'],
  ['tostring(1)', '1'],
  ['tostring(true)', 'true'],
  ['tolist(["a", "b", "c"])', ['a', 'b', 'c']],
  ['tomap({ "a" = 1, "b" = 2 })', { a: 1, b: 2 }],
  ['toset(["c", "b", "b"])', ['b', 'c']],
];

/** go-cty's format tests: the verbs, flags, widths, precisions and argument indexes. */
const formatCases: [string, unknown][] = [
  ['format("aks-%03d", 7)', 'aks-007'],
  ['format("100%% successful")', '100% successful'],
  ['format("string %[2]v", true, "hello")', 'string hello'],
  ['format("number %v", 2)', 'number 2'],
  ['format("object %v", {})', 'object {}'],
  ['format("tuple %v", [])', 'tuple []'],
  ['format("%%%v", false)', '%false'],
  ['format("%v", null)', 'null'],
  ['format("Hello, %[2]s!", "Stephen", "Ermintrude")', 'Hello, Ermintrude!'],
  ['format("This statement is %q", false)', 'This statement is "false"'],
  ['format("%10s", "hello")', '     hello'],
  ['format("%-10s", "hello")', 'hello     '],
  ['format("%4s", "💃🏿")', '   💃🏿'],
  ['format("%-6q", "💃🏿")', '"💃🏿"   '],
  ['format("%.2s", "hello")', 'he'],
  ['format("%.2q", "hello")', '"he"'],
  ['format("%.5s", "日本語日本語")', '日本語日本'],
  ['format("%4.2s", "hello")', '  he'],
  ['format("%-4.2s", "hello")', 'he  '],
  ['format("%q", "Hello\\nWorld")', '"Hello\\nWorld"'],
  ['format("%q", "<a&b>")', '"\\u003ca\\u0026b\\u003e"'],
  ['format("This statement is %[2]t", true, false)', 'This statement is false'],
  ['format("This statement is %t", "false")', 'This statement is false'],
  ['format("%+d green bottles", 10)', '+10 green bottles'],
  ['format("% d green bottles", 10)', ' 10 green bottles'],
  ['format("%5d green bottles", 10)', '   10 green bottles'],
  ['format("%-5d green bottles", 10)', '10    green bottles'],
  ['format("%05d", -42)', '-0042'],
  ['format("%.3d", 7)', '007'],
  ['format("%#x %#o %#b", 255, 8, 5)', '0xff 010 0b101'],
  ['format("%b", 5)', '101'],
  ['format("%o", 9)', '11'],
  ['format("%x", 254)', 'fe'],
  ['format("%X", 254)', 'FE'],
  ['format("%d", "12")', '12'],
  ['format("%f things", 10)', '10.000000 things'],
  ['format("%[2]f things", 1, 10)', '10.000000 things'],
  ['format("%+f things", 10)', '+10.000000 things'],
  ['format("% f things", -10)', '-10.000000 things'],
  ['format("%.1f things", "1.06")', '1.1 things'],
  ['format("%.2f", 3.14159)', '3.14'],
  ['format("%8.3f|", 3.14159)', '   3.142|'],
  ['format("%-8.1f|", 2.25)', '2.2     |'],
  ['format("%08.2f", -3.5)', '-0003.50'],
  ['format("%.0f", 0.5)', '0'],
  ['format("%.0f", 1.5)', '2'],
  ['format("%.1f", 0.96)', '1.0'],
  ['format("%e things", 1000)', '1.000000e+03 things'],
  ['format("%E things", 1000)', '1.000000E+03 things'],
  ['format("%.2e", 0.000123)', '1.23e-04'],
  ['format("%g things", 1000)', '1000 things'],
  ['format("%G things", 1000)', '1000 things'],
  ['format("%g", 0.00000000000000000000001)', '1e-23'],
  ['format("%G", 0.00000000000000000000001)', '1E-23'],
  ['format("%g", 1234567)', '1.234567e+06'],
  ['format("%.3g", 3.14159)', '3.14'],
  ['format("%v", 1.5)', '1.5'],
  ['format("%s", 1.5)', '1.5'],
  ['formatlist("%s %s", ["hello", "goodbye"], ["world", "universe"])', ['hello world', 'goodbye universe']],
  ['formatlist("%s %s", ["hello", "goodbye"], "world")', ['hello world', 'goodbye world']],
  ['formatlist("%v", [])', []],
  ['formatlist("hello")', ['hello']],
];

/** Calls Terraform rejects: the value is unknown with Terraform's reason, never a guess. */
const rejected: [string, RegExp][] = [
  ['format("%d", 3.7)', /an integer is required/],
  ['format("%d", true)', /a number is required/],
  ['format("%s", null)', /null value cannot be formatted/],
  ['format("%s", {})', /a string is required/],
  ['format("%t", 1)', /a bool is required/],
  ['format("%s is not in the args list")', /not enough arguments/],
  ['format("%[3]s", true, true)', /not enough arguments/],
  ['format("%[0]s", true)', /indexes start at 1/],
  ['format("%z", 10)', /unsupported format verb "z"/],
  ['format("%", 10)', /ends in the middle of the verb/],
  ['format("%.f", 10)', /a period with no precision/],
  ['format("no verbs", 10)', /too many arguments; no verbs in format string/],
  ['format("only one %d", 10, 11)', /too many arguments; only 1 used by format string/],
  ['formatlist("%s %s", ["a", "b"], ["c"])', /inconsistent/],
  ['parseint("12", 2)', /cannot parse "12" as a base 2 integer/],
  ['parseint("1", 63)', /base must be/],
  ['range(1, 2, 0)', /step must not be zero/],
  ['range(0, 2000)', /more than 1024 values/],
  ['one(["a", "b"])', /at most one element/],
  ['index(["a"], "b")', /not in the list/],
  ['regex("[a-z]+", "123")', /did not match/],
  ['regex("(", "x")', /invalid regular expression/],
  ['tobool("no")', /cannot convert to bool/],
  ['zipmap(["a"], [1, 2])', /same length/],
];

/** What Terraform computes but akslint does not reproduce exactly: unknown, with the reason. */
const notEvaluated: [string, RegExp][] = [
  ['format("%.2f", 1.005)', /rounding this number/],
  ['format("%d", 12345678901234567890)', /too large to format exactly/],
  ['format("%f", "1e300")', /too large to format exactly/],
  ['format("%5000000s", "x")', /too large to evaluate statically/],
  ['substr("hello", -2, 0)', /not evaluated by akslint/],
  ['setproduct(["a"], ["b"])', /not a function akslint evaluates/],
  ['file("x.txt")', /reads files/],
];

describe('Terraform functions give the values of Terraform’s documentation', () => {
  it.each(documented)('%s', async (expr, expected) => {
    expect(await evalPlain(expr)).toEqual(expected);
  });
});

describe('format and formatlist follow go-cty', () => {
  it.each(formatCases)('%s', async (expr, expected) => {
    expect(await evalPlain(expr)).toEqual(expected);
  });

  it('keeps one unknown item of formatlist unknown and the others known', async () => {
    const v = await evalExpr('formatlist("%s!", ["a", var.missing])', 'variable "missing" {}');
    expect(v.kind === 'list' && v.items.map((i) => (i.kind === 'scalar' ? i.value : i.kind))).toEqual([
      'a!',
      'unknown',
    ]);
  });
});

describe('calls Terraform rejects are unknown with the reason', () => {
  it.each(rejected)('%s', async (expr, reason) => {
    expect(await evalPlain(expr)).toEqual({ unknown: expect.stringMatching(reason) });
  });

  it('range(0) is empty', async () => {
    expect(await evalPlain('range(0)')).toEqual([]);
  });
});

describe('values akslint does not reproduce exactly are unknown with the reason', () => {
  it.each(notEvaluated)('%s', async (expr, reason) => {
    expect(await evalPlain(expr)).toEqual({ unknown: expect.stringMatching(reason) });
  });
});
