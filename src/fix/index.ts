export { Fixer, type FixTarget } from './fixer';
export { applyFixes, changedLines, unifiedDiff, type AppliedFixes } from './apply';
export { syntaxOf, type FixValue, type Syntax } from './text';
