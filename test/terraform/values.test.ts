import { evalExpr, evalPlain } from './helpers';

/**
 * Terraform's value rules as the evaluator applies them: equality, the string form of numbers, numeric
 * and bool strings converted where a number or bool is expected, and the type named in each error.
 */

async function reasonOf(expr: string): Promise<string | undefined> {
  const v = await evalExpr(expr);
  return v.kind === 'unknown' ? v.reason : undefined;
}

describe('equality compares values deeply, object keys in any order', () => {
  it.each([
    ['{ a = 1, b = [2] } == { b = [2], a = 1 }', true],
    ['{ a = 1 } == { a = 1, b = 2 }', false],
    ['{ a = 1 } == { b = 1 }', false],
    ['{ a = 1 } == { a = 2 }', false],
    ['[1, 2] == [1, 2, 3]', false],
    ['[1] == { a = 1 }', false],
    ['"1" == 1', false],
    ['null == null', true],
  ])('%s is %s', async (expr, expected) => {
    expect(await evalPlain(expr)).toBe(expected);
  });
});

describe('numbers print as Terraform prints them', () => {
  it.each([
    ['"n=${3}"', 'n=3'],
    ['"n=${1.5}"', 'n=1.5'],
    ['"n=${-0.25}"', 'n=-0.25'],
    ['"n=${1000000000 * 1000000000 * 1000}"', 'n=1e+21'],
    ['"n=${200000 * 1000000000000000}"', 'n=200000000000000000000'],
  ])('%s is %s', async (expr, expected) => {
    expect(await evalPlain(expr)).toBe(expected);
  });
});

describe('strings convert where a number or bool is expected', () => {
  it.each([
    ['" 5 " + 1', 6],
    ['".5" * 2', 1],
    ['"1e2" + 0', 100],
    ['"true" ? "yes" : "no"', 'yes'],
    ['"false" ? "yes" : "no"', 'no'],
  ])('%s is %s', async (expr, expected) => {
    expect(await evalPlain(expr)).toBe(expected);
  });

  it.each([
    ['"five" + 1', 'expected a number, got a string'],
    ['[1] + 1', 'expected a number, got a list'],
    ['"yes" ? 1 : 2', 'the condition is a string, not a bool'],
    ['null ? 1 : 2', 'the condition is a null, not a bool'],
    ['{ a = 1 } ? 1 : 2', 'the condition is a object, not a bool'],
    ['"x${[1]}"', 'a list cannot be written into a string'],
    ['[for x in true : x]', 'cannot iterate over a bool'],
    ['true.a', 'a bool has no attribute "a"'],
    ['1[0]', 'a number cannot be indexed'],
  ])('%s is unknown: %s', async (expr, reason) => {
    expect(await reasonOf(expr)).toContain(reason);
  });
});
