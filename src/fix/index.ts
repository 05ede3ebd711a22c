// The fixer sits between views and policies in the layer list (src/model, src/parsers, src/evaluate, src/graph,
// src/views, src/fix, policies, src/engine, ...): policies build fixes with it, the engine applies
// them, and it imports only src/model (and jsonc-parser), never the engine, the CLI or policies.
export { Fixer, type FixTarget } from './fixer';
export { applyFixes, changedLines, editedLines, unifiedDiff, type AppliedFixes } from './apply';
export { syntaxOf, type FixValue, type Syntax } from './text';
