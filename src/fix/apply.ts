import type { Fix, TextEdit } from '../model';
import { SourceText } from './text';

export interface AppliedFixes {
  /** The new text of every file a fix changed. */
  texts: Map<string, string>;
  /** The fixes applied; the others overlapped one of them and wait for the next pass. */
  applied: Fix[];
}

interface Span {
  start: number;
  end: number;
  newText: string;
}

/**
 * Apply fixes to file texts, as ESLint does: a fix is applied whole or not at all, in the order given,
 * and skipped when one of its edits overlaps (or inserts at the same place as) an edit already taken.
 */
export function applyFixes(
  fixes: readonly Fix[],
  textOf: (file: string) => string | undefined,
): AppliedFixes {
  const taken = new Map<string, Span[]>();
  const sources = new Map<string, SourceText>();
  const applied: Fix[] = [];
  for (const fix of fixes) {
    const spans: [string, Span][] = [];
    let ok = fix.edits.length > 0;
    for (const edit of fix.edits) {
      let src = sources.get(edit.file);
      if (!src) {
        const text = textOf(edit.file);
        if (text === undefined) {
          ok = false;
          break;
        }
        sources.set(edit.file, (src = new SourceText(edit.file, text)));
      }
      const span = spanOf(src, edit);
      const others = [
        ...(taken.get(edit.file) ?? []),
        ...spans.filter(([f]) => f === edit.file).map(([, s]) => s),
      ];
      if (!span || others.some((o) => overlaps(o, span))) {
        ok = false;
        break;
      }
      spans.push([edit.file, span]);
    }
    if (!ok) continue;
    for (const [file, span] of spans) {
      const list = taken.get(file);
      if (list) list.push(span);
      else taken.set(file, [span]);
    }
    applied.push(fix);
  }
  const texts = new Map<string, string>();
  for (const [file, spans] of taken) {
    const text = sources.get(file)!.text;
    let out = '';
    let at = 0;
    for (const s of [...spans].sort((a, b) => a.start - b.start)) {
      out += text.slice(at, s.start) + s.newText;
      at = s.end;
    }
    texts.set(file, out + text.slice(at));
  }
  return { texts, applied };
}

function spanOf(src: SourceText, edit: TextEdit): Span | undefined {
  const start = src.offset(edit.line, edit.column);
  const end = src.offset(edit.endLine, edit.endColumn);
  return start === undefined || end === undefined || end < start
    ? undefined
    : { start, end, newText: edit.newText };
}

function overlaps(a: Span, b: Span): boolean {
  if (a.start === b.start) return true;
  return a.start < b.end && b.start < a.end;
}

/** A unified diff of one file (`diff -u` layout, three lines of context). */
export function unifiedDiff(file: string, before: string, after: string, context = 3): string {
  const a = before.split('\n');
  const b = after.split('\n');
  const ops = diffLines(a, b);
  const hunks: string[] = [];
  let i = 0;
  while (i < ops.length) {
    if (ops[i].kind === ' ') {
      i++;
      continue;
    }
    let startOp = i;
    let ctx = 0;
    while (startOp > 0 && ops[startOp - 1].kind === ' ' && ctx < context) {
      startOp--;
      ctx++;
    }
    let endOp = i;
    for (;;) {
      while (endOp < ops.length && ops[endOp].kind !== ' ') endOp++;
      let run = 0;
      while (endOp + run < ops.length && ops[endOp + run].kind === ' ') run++;
      if (endOp + run < ops.length && run <= context * 2) {
        endOp += run;
        continue;
      }
      endOp += Math.min(run, context);
      break;
    }
    const slice = ops.slice(startOp, endOp);
    const aStart = ops[startOp].a;
    const bStart = ops[startOp].b;
    const aLen = slice.filter((o) => o.kind !== '+').length;
    const bLen = slice.filter((o) => o.kind !== '-').length;
    hunks.push(
      `@@ -${aStart + (aLen ? 1 : 0)},${aLen} +${bStart + (bLen ? 1 : 0)},${bLen} @@`,
      ...slice.map((o) => o.kind + o.text),
    );
    i = endOp;
  }
  if (hunks.length === 0) return '';
  return [`--- a/${file}`, `+++ b/${file}`, ...hunks].join('\n') + '\n';
}

/** 1-based lines of a file that the fixes' edits replace or insert into. */
export function editedLines(fixes: readonly Fix[], file: string): Set<number> {
  return new Set(
    fixes.flatMap((f) =>
      f.edits
        .filter((e) => e.file === file)
        .flatMap((e) => Array.from({ length: e.endLine - e.line + 1 }, (_, i) => e.line + i)),
    ),
  );
}

/** 1-based lines of `before` that `after` does not keep (removed or rewritten). */
export function changedLines(before: string, after: string): number[] {
  return diffLines(before.split('\n'), after.split('\n'))
    .filter((o) => o.kind === '-')
    .map((o) => o.a + 1);
}

interface DiffOp {
  kind: ' ' | '-' | '+';
  text: string;
  /** Lines of each side before this one. */
  a: number;
  b: number;
}

/** Line diff by longest common subsequence, after trimming the common head and tail (fixes touch few lines). */
function diffLines(a: string[], b: string[]): DiffOp[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  const lcs: number[][] = Array.from({ length: am.length + 1 }, () =>
    new Array<number>(bm.length + 1).fill(0),
  );
  for (let i = am.length - 1; i >= 0; i--)
    for (let j = bm.length - 1; j >= 0; j--)
      lcs[i][j] = am[i] === bm[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops: DiffOp[] = [];
  for (let k = 0; k < head; k++) ops.push({ kind: ' ', text: a[k], a: k, b: k });
  let i = 0;
  let j = 0;
  while (i < am.length || j < bm.length) {
    if (i < am.length && j < bm.length && am[i] === bm[j]) {
      ops.push({ kind: ' ', text: am[i], a: head + i, b: head + j });
      i++;
      j++;
    } else if (j < bm.length && (i === am.length || lcs[i][j + 1] > lcs[i + 1][j])) {
      ops.push({ kind: '+', text: bm[j], a: head + i, b: head + j });
      j++;
    } else {
      ops.push({ kind: '-', text: am[i], a: head + i, b: head + j });
      i++;
    }
  }
  for (let k = 0; k < tail; k++) {
    const ai = a.length - tail + k;
    const bi = b.length - tail + k;
    ops.push({ kind: ' ', text: a[ai], a: ai, b: bi });
  }
  return ops;
}
