export { Fixer, type FixTarget } from './fixer';
export { applyFixes, changedLines, editedLines, unifiedDiff, type AppliedFixes } from './apply';
export { syntaxOf, type FixValue, type Syntax } from './text';
