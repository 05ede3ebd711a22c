import { unknownMessage, unresolvedText } from './lib';
import type { SourceRange } from '../src/model';

const range: SourceRange = { file: 'main.tf', line: 1, column: 1, endLine: 1, endColumn: 2 };

describe('unknown messages', () => {
  it('quote a short expression with the attribute and the reason', () => {
    expect(
      unresolvedText({
        attribute: 'local_account_disabled',
        source: 'var.disable_local',
        reason: 'var.disable_local has no default and no tfvars value',
      }),
    ).toBe(
      'local_account_disabled = var.disable_local could not be resolved: var.disable_local has no default and no tfvars value',
    );
  });

  it('leave out a long or multi-line expression and cut a long reason, on one line', () => {
    const forExpression =
      `[for k, v in var.clusters : v.local_disabled\n  if v.enabled && length(v.tags) > 0 && contains(keys(v.tags), "environment")][0]`.repeat(
        60,
      );
    const message = unknownMessage({
      state: 'unknown',
      attribute: 'local_account_disabled',
      source: forExpression,
      reason: `var.clusters has no default and no tfvars value; ${'x'.repeat(500)}`,
      range,
    });
    expect(message).toMatch(/^local_account_disabled could not be resolved: var\.clusters has no default/);
    expect(message).not.toMatch(/\n/);
    expect(message.length).toBeLessThanOrEqual(160);
    expect(message.endsWith('…')).toBe(true);
  });
});
