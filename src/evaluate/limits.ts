import type { SkipNote, Value } from '../model';

/**
 * The bounds every evaluator (ARM, Bicep, Terraform) keeps to, in one place. A dozen lines that each
 * double a string or a list (`"${local.a}${local.a}"`, `concat(s, s)`, `padLeft('a', 400000000)`)
 * would otherwise exhaust memory or crash with "Invalid string length"; past a bound, the value is
 * unknown with the reason, never a guess. Azure's and Terraform's own limits are far below these.
 */
export const MAX_STRING_LENGTH = 1_000_000;

/** Items, entries and strings (one per 1,000 characters) in one value, counting shared parts each time. */
export const MAX_COLLECTION_SIZE = 100_000;

/** How deeply one expression may nest (through variables, locals and function bodies) while evaluated. */
export const MAX_EVALUATION_DEPTH = 200;

/**
 * Expression nodes evaluated for one template, root module or Bicep file: loops inside loops stay small
 * one by one and still multiply. The examples take at most 148 per budget, the generated benchmark
 * corpus (10+ MB of Terraform, ARM and Bicep) at most 1,762.
 */
export const MAX_EVALUATION_STEPS = 250_000;

export const STRING_TOO_LONG = `the string would be longer than ${grouped(MAX_STRING_LENGTH)} characters, too large to evaluate statically`;

export const COLLECTION_TOO_LARGE = `the value would hold more than ${grouped(MAX_COLLECTION_SIZE)} items, too large to evaluate statically`;

export const TOO_DEEP = `the expression nests more than ${MAX_EVALUATION_DEPTH} levels deep, too deep to evaluate statically`;

export const TOO_MANY_STEPS = `evaluation took more than ${grouped(MAX_EVALUATION_STEPS)} steps; the rest is not evaluated statically`;

/** Whether an exception is JavaScript refusing to build a string or array that large. */
export function isSizeError(err: unknown): boolean {
  return err instanceof RangeError && /invalid (string|array) length/i.test(err.message);
}

/**
 * Counts evaluation steps; once over the budget, every further step is refused. The first refusal is
 * said once in `skipped` as a limit (where it happened), so unknown values past it are never silent.
 */
export class StepBudget {
  private steps = 0;
  private noted = false;

  constructor(
    private readonly limit = MAX_EVALUATION_STEPS,
    private readonly skipped?: SkipNote[],
  ) {}

  /** Whether one more step fits. */
  take(): boolean {
    return ++this.steps <= this.limit;
  }

  /** Steps taken so far. */
  get taken(): number {
    return this.steps;
  }

  /** Takes `n` steps when they all fit (a value built before, reused whole); else takes none. */
  takeAll(n: number): boolean {
    if (this.steps + n > this.limit) return false;
    this.steps += n;
    return true;
  }

  /** Whether a step has been refused. */
  get exhausted(): boolean {
    return this.steps > this.limit;
  }

  /** Notes, once per budget, that the step at `at` was refused. */
  refused(at: { file: string; line: number; column?: number }): void {
    if (this.noted || !this.skipped) return;
    this.noted = true;
    this.skipped.push({
      file: at.file,
      line: at.line,
      column: at.column,
      limit: true,
      message: TOO_MANY_STEPS,
    });
  }
}

/** The nodes sizeOf has yet to visit, below `top`: one array for every call (calls never nest). */
const pending: (Value | undefined)[] = [];

/** Nodes in a graph value (strings count one per 1,000 characters), counted up to just past `limit`. */
function sizeOf(value: Value, limit: number): number {
  if (limit < 0) return 0;
  // Most items are scalars: no stack to walk.
  if (value.kind === 'unknown') return 1;
  if (value.kind === 'scalar') {
    if (typeof value.value !== 'string') return 1;
    return value.value.length > MAX_STRING_LENGTH ? Infinity : 1 + Math.floor(value.value.length / 1000);
  }
  let size = 0;
  let top = 0;
  pending[top++] = value;
  while (top > 0 && size <= limit) {
    const v = pending[--top]!;
    pending[top] = undefined;
    if (v.kind === 'scalar' && typeof v.value === 'string') {
      if (v.value.length > MAX_STRING_LENGTH) {
        size = Infinity;
        break;
      }
      size += 1 + Math.floor(v.value.length / 1000);
    } else size++;
    // Index loops: a for-of's iterator is several calls per item on V8's baseline compiler, which a
    // file named alone runs on, and every function's result and collection's item is sized here.
    if (v.kind === 'list') {
      const items = v.items;
      for (let i = 0; i < items.length; i++) pending[top++] = items[i];
    } else if (v.kind === 'object') {
      const entries = v.entries;
      for (let i = 0; i < entries.length; i++) pending[top++] = entries[i].value;
    }
  }
  // Nothing kept alive past the call; the array keeps its room, unless a huge value made it large.
  if (top > 0) pending.fill(undefined, 0, top);
  if (pending.length > 4096) pending.length = 0;
  return size;
}

/** The reason a graph value is too large to carry around, undefined when it fits. */
export function valueTooLarge(value: Value): string | undefined {
  const size = sizeOf(value, MAX_COLLECTION_SIZE);
  if (size === Infinity) return STRING_TOO_LONG;
  return size > MAX_COLLECTION_SIZE ? COLLECTION_TOO_LARGE : undefined;
}

/** The collection a budget last said it holds exactly the items of, with its size (see `made`). */
const lastMade: { collection: Value | undefined; size: number } = { collection: undefined, size: 0 };

/** The size of a collection built item by item (a for expression): refused as soon as it is too large. */
export class CollectionBudget {
  private size = 0;

  /** The reason the collection is too large once `item` is added, undefined while it fits. */
  add(item: Value): string | undefined {
    const size = item === lastMade.collection ? lastMade.size : sizeOf(item, MAX_COLLECTION_SIZE - this.size);
    if (size === Infinity) return STRING_TOO_LONG;
    this.size += size;
    return this.size > MAX_COLLECTION_SIZE ? COLLECTION_TOO_LARGE : undefined;
  }

  /**
   * `collection` holds exactly the items added, and nothing else: its size is kept for the budget of the
   * collection it is added to next, which then need not count its items again (an object nested in
   * objects was counted once per level). Its items all fit, so none holds a string too long.
   */
  made<T extends Value>(collection: T): T {
    return CollectionBudget.madeBefore(collection, this.size + 1);
  }

  /** A collection made (and sized) before, used again: its size, as `made` keeps it. */
  static madeBefore<T extends Value>(collection: T, size: number): T {
    lastMade.collection = collection;
    lastMade.size = size;
    return collection;
  }

  /** The size of `collection` when it is the last collection made, else undefined. */
  static sizeMade(collection: Value): number | undefined {
    return collection === lastMade.collection ? lastMade.size : undefined;
  }
}

/** 1000000 as "1,000,000", without toLocaleString: formatting a number loads ICU, a tenth of a one-file scan's start. */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
