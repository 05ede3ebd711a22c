import { MemoryHost } from '../../src/discover/host';
import {
  ParameterFileCache,
  isParameterFileText,
  readParameterFile,
} from '../../src/evaluate/arm/parameters';
import { getNodeValue } from 'jsonc-parser';
import { getMember, parseJsonDocument } from '../../src/parsers/arm/json';
import { plainToEv } from '../../src/evaluate/template-functions/values';

/** ARM parameters files: recognised by their schema, read value by value, their faults said at a place. */

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#';

describe('isParameterFileText', () => {
  it.each([
    [`{ "$schema": "${SCHEMA}", "parameters": {} }`, true],
    [
      `{"$schema" : "https://schema.management.azure.com/schemas/2015-01-01/DeploymentParameters.json#"}`,
      true,
    ],
    [
      '{ "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#" }',
      false,
    ],
    [`${' '.repeat(5000)}{ "$schema": "${SCHEMA}" }`, false],
  ])('%s: %s', (text, expected) => {
    expect(isParameterFileText(text)).toBe(expected);
  });
});

describe('readParameterFile', () => {
  it('keeps each value with where it is written, and a Key Vault reference as unknown', () => {
    const text = `{\n  "$schema": "${SCHEMA}",\n  "parameters": {\n    "Size": { "value": 3 },\n    "secret": { "reference": { "keyVault": { "id": "kv" }, "secretName": "s" } },\n    "empty": {}\n  }\n}\n`;
    const { file, errors } = readParameterFile(parseJsonDocument('p.json', text));
    expect(errors).toEqual([]);
    expect(file?.names).toEqual(['Size', 'secret', 'empty']);
    expect(file?.values.get('size')).toBe(3);
    expect(file?.ranges.get('size')).toMatchObject({ file: 'p.json', line: 4, column: 24 });
    expect(file?.values.get('secret')).toMatchObject({
      reason: "parameter 'secret' is a Key Vault reference in p.json, known only at deployment",
    });
    expect(file?.values.has('empty')).toBe(false);
  });

  it('says at 1:1 that a file has no "parameters" object', () => {
    const { file, errors } = readParameterFile(parseJsonDocument('p.json', `{ "$schema": "${SCHEMA}" }`));
    expect(file).toBeUndefined();
    expect(errors).toEqual([
      { file: 'p.json', line: 1, column: 1, message: 'parameters file has no "parameters" object' },
    ]);
  });

  it('reports the syntax error, not a missing object, when the file does not parse', () => {
    const { file, errors } = readParameterFile(parseJsonDocument('p.json', '{ "parameters": [1,'));
    expect(file).toBeUndefined();
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.file === 'p.json' && !e.message.includes('"parameters" object'))).toBe(true);
  });
});

describe('ParameterFileCache', () => {
  it('reads each file once and says which cannot be read', () => {
    const text = `{ "$schema": "${SCHEMA}", "parameters": { "a": { "value": "x" } } }`;
    const cache = new ParameterFileCache(new MemoryHost({ 'p.json': text }));
    expect(cache.get('p.json')).toBe(cache.get('p.json'));
    expect(cache.read).toEqual([{ path: 'p.json', text }]);
    expect(cache.get('missing.json')).toEqual({
      errors: [{ file: 'missing.json', line: 1, column: 1, message: 'parameters file cannot be read' }],
    });
  });
});

describe('parameter values read from the tree', () => {
  // Compared with how the values were read before: the library's plain copy of the node, made
  // expression data.
  /** Expression data with each object's keys in order, to compare orders too. */
  const shape = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(shape)
      : v instanceof Map
        ? [...v].map(([k, x]) => [k, shape(x)])
        : v !== null && typeof v === 'object' && 'entries' in v
          ? shape((v as { entries: unknown }).entries)
          : v;

  it.each([
    '{"b": 1, "a": [true, null, "x", 1.5, {"c": {}}], "d": []}',
    // Keys that may be array indexes come first in a plain object; a repeated key keeps its first place.
    '{"b": 1, "10": 2, "2": 3, "a": 4, "10": 5, "x1": 6}',
    // Keys the same but for case: the plain copy sets each distinct key once, in its first place.
    '{"a": 1, "A": 2, "a": 3, "b": {"K": 1, "k": 2}}',
    '{"İ": 1, "i̇": 2, "ß": 3, "SS": 4, "__proto__": {"x": 1}, "": 0}',
    '[{"a": 1, "a": 2}, {"Name": "n", "name": "m"}]',
  ])('%s as the plain copy gave it', (json) => {
    const text = `{"$schema": "${SCHEMA}", "parameters": {"p": {"value": ${json}}}}`;
    const doc = parseJsonDocument('p.json', text);
    const read = readParameterFile(doc).file!.values.get('p');
    const node = getMember(getMember(getMember(doc.root, 'parameters'), 'p'), 'value')!;
    expect(shape(read)).toEqual(shape(plainToEv(getNodeValue(node))));
  });
});
