export { Fixer, type FixTarget } from './fixer';
export { applyFixes, unifiedDiff, type AppliedFixes } from './apply';
export { syntaxOf, type FixValue, type Syntax } from './text';
