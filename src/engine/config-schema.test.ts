import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import fc from 'fast-check';
import { validate as generated } from './config-schema.generated';

const schemaFile = path.join(__dirname, '..', '..', 'schema', 'akslint.schema.json');
const schemaText = fs.readFileSync(schemaFile, 'utf8').replace(/\r\n/g, '\n');
// What config.ts compiled at run time before the validator was generated at build time.
const compiled = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(schemaText) as object);

function errorsOf(validate: (data: unknown) => boolean, data: unknown): unknown {
  const v = validate as ((data: unknown) => boolean) & { errors?: unknown };
  return v(data) ? [] : v.errors;
}

/** Values of every type the schema checks for, valid and not. */
const leaf = fc.oneof(
  fc.constantFrom('off', 'high', 'low', 'none', 'error', 'hint', '', 'x', 'a/**', '\u{1F600}'),
  fc.boolean(),
  fc.constantFrom(0, -1, 0.5, 5, NaN),
  fc.constant(null),
);
const names = fc.constantFrom('AKS101', 'dev', 'prod', 'critical', 'severity', 'files', 'rules', 'other');
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(names, tie('node'), { maxKeys: 3 }),
  ),
})).node;
const keys = [...Object.keys((JSON.parse(schemaText) as { properties: object }).properties), 'unknownKey'];
const config = fc.oneof(
  fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 5 }),
  fc.record({
    overrides: fc.array(
      fc.dictionary(fc.constantFrom('files', 'excludedFiles', 'rules', 'x'), value, { maxKeys: 3 }),
      { maxLength: 3 },
    ),
    lsp: fc.dictionary(fc.constantFrom('severity', 'x'), fc.dictionary(names, leaf, { maxKeys: 3 })),
  }),
  value,
);

describe('the config validator generated at build time', () => {
  it('is generated from the schema as it stands (node scripts/build.mjs writes it again)', () => {
    const digest = createHash('sha256').update(schemaText).digest('hex');
    const source = fs.readFileSync(path.join(__dirname, 'config-schema.generated.ts'), 'utf8');
    expect(source.split('\n')[2]).toBe(
      `// From schema sha256 ${digest}, ajv ${(require('ajv/package.json') as { version: string }).version}.`,
    );
  });

  it('gives the errors ajv gives when it compiles the schema at run time', () => {
    let invalid = 0;
    fc.assert(
      fc.property(config, (data) => {
        const expected = errorsOf(compiled, data);
        if ((expected as unknown[]).length > 0) invalid++;
        expect(errorsOf(generated, data)).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
    expect(invalid).toBeGreaterThan(1000);
  });

  it('accepts what ajv accepts', () => {
    const valid = {
      root: true,
      rules: { AKS101: 'off' },
      overrides: [{ files: ['a/**'], excludedFiles: 'b', rules: { AKS101: 'high' } }],
      environments: { dev: ['dev.tfvars'] },
      maxFileSize: 2,
      lsp: { severity: { critical: 'hint' } },
    };
    expect(errorsOf(compiled, valid)).toEqual([]);
    expect(errorsOf(generated, valid)).toEqual([]);
  });
});
