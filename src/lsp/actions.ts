import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type Range,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { isMap, isScalar, isSeq, parseAllDocuments, type Node as YamlNode, type YAMLMap } from 'yaml';
import type { Finding, TextEdit } from '../model';
import { ANNOTATION_KEY, commentSyntax, parseDirective } from '../engine/suppress';
import { toLspRange } from './diagnostics';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.akslint`;
const REASON_PLACEHOLDER = '<reason>';

/** A finding shown in the editor, with the diagnostic it was shown as. */
export interface ShownFinding {
  finding: Finding;
  diagnostic: Diagnostic;
}

export interface ActionRequest {
  /** The document: its display path (as findings name it), URI and text. */
  file: string;
  uri: string;
  text: string;
  range: Range;
  /** Kinds the client asked for (`only`); every kind when absent. */
  only?: string[];
  shown: readonly ShownFinding[];
  /** Absolute path of a display path. */
  absolute: (file: string) => string;
}

/**
 * Code actions for the findings on the requested lines: the rule's fixes, "Suppress RULE on this line"
 * (a comment in the file's own syntax), for manifests the akslint.io/ignore annotation.
 */
export function codeActions(req: ActionRequest): CodeAction[] {
  const actions: CodeAction[] = [];
  const onLines = req.shown.filter(
    (s) =>
      s.diagnostic.range.start.line <= req.range.end.line &&
      s.diagnostic.range.end.line >= req.range.start.line,
  );
  for (const { finding, diagnostic } of onLines) {
    finding.fixes?.forEach((fix, i) => {
      actions.push({
        title:
          fix.safety === 'safe'
            ? fix.title
            : `${fix.title} (unsafe: ${fix.unsafeReason ?? 'review before applying'})`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.safety === 'safe' && i === 0,
        edit: workspaceEdit(fix.edits, req.absolute),
      });
    });
    if (finding.ruleId.includes('/')) continue;
    const comment = suppressionComment(req.file, req.text, finding);
    if (comment) {
      actions.push({
        title: `Suppress ${finding.ruleId} on this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [req.uri]: [comment] } },
      });
    }
    const annotation = finding.format === 'kubernetes' ? suppressionAnnotation(req.text, finding) : undefined;
    if (annotation) {
      actions.push({
        title: `Suppress ${finding.ruleId} for ${finding.resource.address} (${ANNOTATION_KEY} annotation)`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [req.uri]: [annotation] } },
      });
    }
  }
  return actions.filter((a) => wants(req.only, a.kind ?? ''));
}

/** `only: ['source.fixAll']` asks for `source.fixAll.akslint` too: kinds are hierarchical. */
export function wants(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

function workspaceEdit(edits: readonly TextEdit[], absolute: (file: string) => string): WorkspaceEdit {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const e of edits) {
    const uri = pathToFileURL(absolute(e.file)).href;
    (changes[uri] ??= []).push({ range: toLspRange(e), newText: e.newText });
  }
  return { changes };
}

/**
 * One pass of fix-all: the safe fixes of the document's findings whose edits stay in the document
 * (fix-on-save edits the saved file only), skipping a fix that touches one already taken, as ESLint's
 * fixer does; the server re-lints and takes the next pass.
 */
export function safeFixesOf(file: string, findings: readonly Finding[]): TextEdit[] {
  const taken: TextEdit[] = [];
  for (const f of findings) {
    for (const fix of f.fixes ?? []) {
      if (fix.safety !== 'safe' || fix.edits.length === 0) continue;
      if (!fix.edits.every((e) => e.file === file)) continue;
      if (fix.edits.some((e) => taken.some((t) => touches(e, t)))) continue;
      taken.push(...fix.edits);
      break;
    }
  }
  return taken.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Edits that overlap or meet (two insertions at one point included): their order would be a guess. */
function touches(a: TextEdit, b: TextEdit): boolean {
  const pos = (line: number, column: number) => line * 1e7 + column;
  return (
    pos(a.line, a.column) <= pos(b.endLine, b.endColumn) &&
    pos(b.line, b.column) <= pos(a.endLine, a.endColumn)
  );
}

/** The one edit that turns `before` into `after`: the changed middle, common start and end kept. */
export function minimalEdit(before: string, after: string): LspTextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (
    end < before.length - start &&
    end < after.length - start &&
    before[before.length - 1 - end] === after[after.length - 1 - end]
  )
    end++;
  return {
    range: { start: positionOf(before, start), end: positionOf(before, before.length - end) },
    newText: after.slice(start, after.length - end),
  };
}

/**
 * `# akslint-ignore AKS101: <reason>` on a new line above the finding, with its indentation, in the
 * file's comment syntax (Terraform JSON has none: the `"//"` property is its comment).
 */
export function suppressionComment(file: string, text: string, f: Finding): LspTextEdit | undefined {
  const lines = text.split(/\r?\n/);
  const target = lines[f.line - 1];
  if (target === undefined) return undefined;
  const lower = file.toLowerCase();
  if (lower.endsWith('.tfvars.json')) return undefined;
  const indent = /^\s*/.exec(target)![0];
  const directive = `akslint-ignore ${f.ruleId}: ${REASON_PLACEHOLDER}`;
  let line: string;
  if (lower.endsWith('.tf.json')) {
    if (!target.trimStart().startsWith('"')) return undefined;
    line = `${indent}"//": "${directive}",`;
  } else line = `${indent}${commentSyntax(file).line[0]} ${directive}`;
  const at = { line: f.line - 1, character: 0 };
  return { range: { start: at, end: at }, newText: line + eolOf(text) };
}

const eolOf = (text: string) => (text.includes('\r\n') ? '\r\n' : '\n');

/**
 * The rule added to the object's `akslint.io/ignore` annotation: the existing value extended, else a
 * new entry in `annotations`, else a new `annotations` map in `metadata`. Flow-style maps are left alone.
 */
export function suppressionAnnotation(text: string, f: Finding): LspTextEdit | undefined {
  const offset = offsetOf(text, f.line, f.column);
  let object: YAMLMap | undefined;
  for (const doc of parseAllDocuments(text)) {
    if (!doc.contents?.range || offset < doc.contents.range[0] || offset > doc.contents.range[2]) continue;
    object = innermostObject(doc.contents as YamlNode, offset);
  }
  const metadata = object?.get('metadata', true);
  if (!isMap(metadata) || metadata.flow || metadata.items.length === 0) return undefined;
  const eol = eolOf(text);
  const entry = (rules: string[], reason = REASON_PLACEHOLDER, until?: string) =>
    `${ANNOTATION_KEY}: ${JSON.stringify(`${rules.join(',')} -- ${reason}${until ? ` (until ${until})` : ''}`)}`;
  const annotations = metadata.items.find((p) => isScalar(p.key) && p.key.value === 'annotations');
  if (!annotations) {
    const indent = blockIndent(text, metadata.items[0].key as YamlNode);
    if (indent === undefined) return undefined;
    const at = positionOf(text, lineStart(text, (metadata.items[0].key as YamlNode).range![0]));
    return {
      range: { start: at, end: at },
      newText: `${indent}annotations:${eol}${indent}  ${entry([f.ruleId])}${eol}`,
    };
  }
  const map = annotations.value;
  if (!isMap(map) || map.flow || map.items.length === 0) return undefined;
  const existing = map.items.find((p) => isScalar(p.key) && p.key.value === ANNOTATION_KEY);
  if (existing && isScalar(existing.value) && existing.value.range) {
    const parsed = parseDirective(String(existing.value.value), false);
    if (!parsed || parsed.problem) return undefined;
    const [start, end] = existing.value.range;
    const rules = parsed.rules.includes(f.ruleId) ? parsed.rules : [...parsed.rules, f.ruleId];
    return {
      range: { start: positionOf(text, start), end: positionOf(text, end) },
      newText: JSON.stringify(
        `${rules.join(',')} -- ${parsed.reason ?? REASON_PLACEHOLDER}${parsed.until ? ` (until ${parsed.until})` : ''}`,
      ),
    };
  }
  const first = map.items[0].key as YamlNode;
  const indent = blockIndent(text, first);
  if (indent === undefined) return undefined;
  const at = positionOf(text, lineStart(text, first.range![0]));
  return { range: { start: at, end: at }, newText: `${indent}${entry([f.ruleId])}${eol}` };
}

/** The innermost mapping with `kind` and `metadata` around the offset (a List's item, else the document). */
function innermostObject(node: YamlNode, offset: number): YAMLMap | undefined {
  if (!node.range || offset < node.range[0] || offset > node.range[2]) return undefined;
  let found: YAMLMap | undefined;
  if (isMap(node)) {
    if (node.has('kind') && node.has('metadata')) found = node;
    for (const p of node.items) {
      const inner =
        p.value && typeof p.value === 'object' ? innermostObject(p.value as YamlNode, offset) : undefined;
      if (inner) found = inner;
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const inner = item && typeof item === 'object' ? innermostObject(item as YamlNode, offset) : undefined;
      if (inner) found = inner;
    }
  }
  return found;
}

/** The indentation of a block key that starts its line; undefined when something precedes it (`- key:`). */
function blockIndent(text: string, key: YamlNode): string | undefined {
  if (!key.range) return undefined;
  const start = lineStart(text, key.range[0]);
  const before = text.slice(start, key.range[0]);
  return /^[ ]*$/.test(before) ? before : undefined;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + column - 1);
}

export function positionOf(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, character: offset - start };
}
