import { getProperty, type Value } from '../../model/value';
import { itemsOf, stringItems, stringMap, stringOf } from './read';

export type Labels = Readonly<Record<string, string>>;
export type LabelPredicate = (labels: Labels) => boolean;

/**
 * Whether a label is set: an own key only, since label keys are the user's (`constructor` is a label
 * like any other, not Object's).
 */
export const hasLabel = (labels: Labels, key: string): boolean => Object.hasOwn(labels, key);

/** The value of a label, when set. */
export const labelValue = (labels: Labels, key: string): string | undefined =>
  Object.hasOwn(labels, key) ? labels[key] : undefined;

/**
 * A Kubernetes LabelSelector (matchLabels and matchExpressions). An empty or absent selector selects
 * everything, as NetworkPolicy's podSelector does.
 */
export function labelSelectorPredicate(
  selector: Value | undefined,
  /** Only the requirements on these keys (a Cilium selector mixes pod and namespace labels). */
  keyFilter: (key: string) => boolean = () => true,
): LabelPredicate {
  return labelSelectorOf(selector, keyFilter).matches;
}

/**
 * A LabelSelector as a predicate, with the labels (key and value) every set of labels it matches has:
 * its matchLabels (for finding what a selector may match without testing every one).
 */
export function labelSelectorOf(
  selector: Value | undefined,
  keyFilter: (key: string) => boolean = () => true,
): { matches: LabelPredicate; required: ReadonlyArray<readonly [string, string]> } {
  // Each [key, value] once, the last written of a repeated key (as matchLabels reads).
  const required = Object.entries(
    Object.fromEntries(
      Object.entries(stringMap(getProperty(selector, 'matchLabels'))).filter(([k]) => keyFilter(k)),
    ),
  );
  const expressions = itemsOf(getProperty(selector, 'matchExpressions'))
    .map((e) => ({
      key: stringOf(getProperty(e, 'key')) ?? '',
      operator: stringOf(getProperty(e, 'operator')) ?? '',
      values: stringItems(getProperty(e, 'values')).map((v) => v.value),
    }))
    .filter((e) => keyFilter(e.key));
  const matches: LabelPredicate = (labels) =>
    required.every(([k, v]) => labelValue(labels, k) === v) &&
    expressions.every(({ key, operator, values }) => {
      const value = labelValue(labels, key);
      switch (operator) {
        case 'In':
          return value !== undefined && values.includes(value);
        case 'NotIn':
          return value === undefined || !values.includes(value);
        case 'Exists':
          return value !== undefined;
        case 'DoesNotExist':
          return value === undefined;
        default:
          return false;
      }
    });
  return { matches, required };
}

export function isEmptySelector(selector: Value | undefined): boolean {
  if (!selector || (selector.kind === 'scalar' && selector.value === null)) return true;
  return (
    selector.kind === 'object' &&
    Object.keys(stringMap(getProperty(selector, 'matchLabels'))).length === 0 &&
    itemsOf(getProperty(selector, 'matchExpressions')).length === 0
  );
}

/**
 * A Calico selector expression (`app == 'web' && has(tier)`, `all()`), as a predicate. Undefined when
 * the text is outside the grammar understood here: callers then assume it may select anything.
 */
export function calicoSelectorPredicate(text: string | undefined): LabelPredicate | undefined {
  if (text === undefined || text.trim() === '') return () => true;
  try {
    const parser = new CalicoSelectorParser(tokenize(text));
    const predicate = parser.expression();
    return parser.done() ? predicate : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a Calico selector is `all()` (or empty): it selects every endpoint. */
export function isCalicoSelectAll(text: string | undefined): boolean {
  return text === undefined || text.trim() === '' || /^\s*all\(\s*\)\s*$/.test(text);
}

type Token = { type: 'word' | 'string' | 'op'; text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new Error('unterminated string');
      tokens.push({ type: 'string', text: text.slice(i + 1, end) });
      i = end + 1;
    } else if (/[A-Za-z0-9_./-]/.test(c)) {
      let j = i;
      while (j < text.length && /[A-Za-z0-9_./-]/.test(text[j])) j++;
      tokens.push({ type: 'word', text: text.slice(i, j) });
      i = j;
    } else {
      const two = text.slice(i, i + 2);
      if (['==', '!=', '&&', '||'].includes(two)) {
        tokens.push({ type: 'op', text: two });
        i += 2;
      } else if ('!(){},'.includes(c)) {
        tokens.push({ type: 'op', text: c });
        i++;
      } else {
        throw new Error(`unexpected ${c}`);
      }
    }
  }
  return tokens;
}

class CalicoSelectorParser {
  private pos = 0;

  constructor(private readonly tokens: Token[]) {}

  done(): boolean {
    return this.pos === this.tokens.length;
  }

  expression(): LabelPredicate {
    let left = this.conjunction();
    while (this.accept('op', '||')) {
      const a = left;
      const b = this.conjunction();
      left = (l) => a(l) || b(l);
    }
    return left;
  }

  private conjunction(): LabelPredicate {
    let left = this.unary();
    while (this.accept('op', '&&')) {
      const a = left;
      const b = this.unary();
      left = (l) => a(l) && b(l);
    }
    return left;
  }

  private unary(): LabelPredicate {
    if (this.accept('op', '!')) {
      const inner = this.unary();
      return (l) => !inner(l);
    }
    if (this.accept('op', '(')) {
      const inner = this.expression();
      this.expect('op', ')');
      return inner;
    }
    const word = this.expect('word');
    if ((word === 'all' || word === 'global') && this.accept('op', '(')) {
      this.expect('op', ')');
      return () => true;
    }
    if (word === 'has' && this.accept('op', '(')) {
      const key = this.expect('word');
      this.expect('op', ')');
      return (l) => hasLabel(l, key);
    }
    return this.comparison(word);
  }

  private comparison(key: string): LabelPredicate {
    if (this.accept('op', '==')) {
      const v = this.expect('string');
      return (l) => labelValue(l, key) === v;
    }
    if (this.accept('op', '!=')) {
      const v = this.expect('string');
      return (l) => labelValue(l, key) !== v;
    }
    if (this.accept('word', 'in')) {
      const set = this.set();
      return (l) => hasLabel(l, key) && set.includes(l[key]);
    }
    if (this.accept('word', 'not')) {
      this.expect('word', 'in');
      const set = this.set();
      return (l) => !hasLabel(l, key) || !set.includes(l[key]);
    }
    if (this.accept('word', 'contains')) {
      const v = this.expect('string');
      return (l) => hasLabel(l, key) && l[key].includes(v);
    }
    if (this.accept('word', 'starts')) {
      this.expect('word', 'with');
      const v = this.expect('string');
      return (l) => hasLabel(l, key) && l[key].startsWith(v);
    }
    if (this.accept('word', 'ends')) {
      this.expect('word', 'with');
      const v = this.expect('string');
      return (l) => hasLabel(l, key) && l[key].endsWith(v);
    }
    throw new Error(`expected an operator after ${key}`);
  }

  private set(): string[] {
    this.expect('op', '{');
    const values: string[] = [];
    if (this.accept('op', '}')) return values;
    do values.push(this.expect('string'));
    while (this.accept('op', ','));
    this.expect('op', '}');
    return values;
  }

  private accept(type: Token['type'], text?: string): boolean {
    const t = this.tokens[this.pos];
    if (t && t.type === type && (text === undefined || t.text === text)) {
      this.pos++;
      return true;
    }
    return false;
  }

  private expect(type: Token['type'], text?: string): string {
    const t = this.tokens[this.pos];
    if (!t || t.type !== type || (text !== undefined && t.text !== text)) {
      throw new Error(`expected ${text ?? type}`);
    }
    this.pos++;
    return t.text;
  }
}
