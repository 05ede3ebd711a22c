import { MemoryHost } from '../../src/discover/host';
import {
  ParameterFileCache,
  isParameterFileText,
  readParameterFile,
} from '../../src/evaluate/arm/parameters';
import { parseJsonDocument } from '../../src/parsers/arm/json';

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
