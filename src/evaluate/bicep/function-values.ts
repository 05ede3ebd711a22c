// From value.ts itself, not the model's index: compiled to CommonJS (dist/, which the bench runs), every
// call through the index's re-export is a getter call.
import { list, object, scalar, unknown } from '../../model/value';
import { type ObjectEntry, type SourceRange, type Value } from '../../model';
import { EvObject, Unknown, type Ev } from '../template-functions/values';

/**
 * Graph values as the shared template functions take them, and back, for one call. What a function
 * returns unchanged (an item of a list, an object passed through coalesce(), the objects union()
 * merges) keeps the ranges it was written at; what it computes is placed at the call.
 */
export class FunctionValues {
  /**
   * The graph value each array, object and unknown handed to the function was made from; made for the
   * first of them (most calls are handed only scalars).
   */
  private origin: WeakMap<object, Value> | undefined;
  private readonly args: Ev[] = [];

  constructor(
    /** Where the call is: where what the function computes is placed. */
    readonly range: SourceRange,
    private readonly source: string,
  ) {}

  /** An argument (or a lambda's result) as function data. */
  argument(v: Value): Ev {
    const ev = this.toEv(v);
    this.args.push(ev);
    return ev;
  }

  private toEv(v: Value): Ev {
    switch (v.kind) {
      case 'scalar':
        return v.value;
      case 'unknown': {
        const u = new Unknown(v.reason, v.deferred, v.nonEmpty, v.invalid);
        (this.origin ??= new WeakMap()).set(u, v);
        return u;
      }
      case 'list': {
        const items = v.items.map((item) => this.toEv(item));
        (this.origin ??= new WeakMap()).set(items, v);
        return items;
      }
      case 'object': {
        const obj = new EvObject();
        for (const e of v.entries) obj.set(e.key, this.toEv(e.value));
        (this.origin ??= new WeakMap()).set(obj, v);
        return obj;
      }
    }
  }

  /** The function's result as a graph value; an unknown result takes the call's place. */
  result(ev: Ev): Value {
    if (ev instanceof Unknown)
      return unknown(ev.reason, this.source, this.range, ev.deferred, ev.nonEmpty, ev.invalid);
    return this.toValue(ev, []);
  }

  /** A value handed to a lambda's parameter. */
  parameter(ev: Ev): Value {
    return this.toValue(ev, []);
  }

  /** `path`: the keys from the result down to `ev`, where the objects it was merged from hold it too. */
  private toValue(ev: Ev, path: readonly string[]): Value {
    if (ev !== null && typeof ev === 'object') {
      const known = this.origin?.get(ev);
      if (known) return known;
    }
    if (ev instanceof Unknown)
      return unknown(ev.reason, this.source, this.range, ev.deferred, ev.nonEmpty, ev.invalid);
    if (Array.isArray(ev))
      return list(
        ev.map((item) => this.toValue(item, [])),
        this.range,
      );
    if (ev instanceof EvObject) {
      const entries: ObjectEntry[] = [...ev.entries].map(([key, item]) => {
        const written = this.writtenEntry([...path, key], item);
        return written ?? { key, keyRange: this.range, value: this.toValue(item, [...path, key]) };
      });
      return object(entries, this.range);
    }
    return scalar(ev, this.range);
  }

  /**
   * The entry an argument holds at `path` with this very value (the last argument wins, as in union()
   * and shallowMerge()), so a merged setting keeps the range it was written at.
   */
  private writtenEntry(path: readonly string[], item: Ev): ObjectEntry | undefined {
    if (item !== null && typeof item === 'object') return undefined;
    const candidates = this.args.flatMap((a) => (Array.isArray(a) ? a : [a]));
    for (let i = candidates.length - 1; i >= 0; i--) {
      let holder: Ev | undefined = candidates[i];
      for (const key of path.slice(0, -1)) holder = holder instanceof EvObject ? holder.get(key) : undefined;
      const written = holder instanceof EvObject ? this.origin?.get(holder) : undefined;
      if (written?.kind !== 'object' || !(holder instanceof EvObject)) continue;
      const key = path[path.length - 1].toLowerCase();
      for (let j = written.entries.length - 1; j >= 0; j--) {
        const entry = written.entries[j];
        if (entry.key.toLowerCase() === key) return holder.get(entry.key) === item ? entry : undefined;
      }
    }
    return undefined;
  }
}
