import { MAX_STRING_LENGTH, STRING_TOO_LONG } from '../limits';

/**
 * Terraform's `format` specification language (go-cty's stdlib Format): `%[flags][width][.precision][[n]]verb`
 * with the verbs %% %v %#v %t %b %d %o %x %X %e %E %f %g %G %s %q and the flags space, +, -, 0 and #.
 * Widths and precisions count grapheme clusters, as Terraform does.
 */

/** Terraform itself rejects the call (too few arguments, an unknown verb, a wrong type): a plan error. */
export class FormatError extends Error {}

/** A value Terraform would compute but akslint does not reproduce exactly: unknown, never a guess. */
export class FormatNotEvaluated extends Error {}

interface Verb {
  raw: string;
  minus: boolean;
  plus: boolean;
  space: boolean;
  zero: boolean;
  sharp: boolean;
  width?: number;
  precision?: number;
  mode: string;
}

const VERB = /%([-+# 0]*)(\d+)?(?:\.(\d*))?(?:\[(\d+)\])?(.?)/gsy;

export function graphemes(s: string): string[] {
  // Plain ASCII (most strings) needs no segmenter.
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s.split('');
  return [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(s)].map((g) => g.segment);
}

/** The formatted string; throws FormatError or FormatNotEvaluated. `args` are plain known values. */
export function formatSpec(spec: string, args: readonly unknown[]): string {
  let out = '';
  let next = 0;
  let used = 0;
  let i = 0;
  while (i < spec.length) {
    const percent = spec.indexOf('%', i);
    if (percent < 0) {
      out += spec.slice(i);
      break;
    }
    out += spec.slice(i, percent);
    VERB.lastIndex = percent;
    const m = VERB.exec(spec)!;
    const [raw, flags, width, precision, index, mode] = m;
    i = percent + raw.length;
    if (mode === '%' && raw === '%%') {
      out += '%';
      continue;
    }
    if (mode === '')
      throw new FormatError(`the format ends in the middle of the verb ${JSON.stringify(raw)}`);
    if (precision === '') throw new FormatError(`a period with no precision in ${JSON.stringify(raw)}`);
    if (index !== undefined) {
      if (Number(index) === 0)
        throw new FormatError(`argument indexes start at 1, not 0, in ${JSON.stringify(raw)}`);
      next = Number(index) - 1;
    }
    if (next < 0 || next >= args.length)
      throw new FormatError(`not enough arguments for ${JSON.stringify(raw)}: ${args.length} given`);
    const verb: Verb = {
      raw,
      minus: flags.includes('-'),
      plus: flags.includes('+'),
      space: flags.includes(' '),
      zero: flags.includes('0'),
      sharp: flags.includes('#'),
      width: width === undefined ? undefined : Number(width),
      precision: precision === undefined ? undefined : Number(precision),
      mode,
    };
    if ((verb.width ?? 0) > MAX_STRING_LENGTH || (verb.precision ?? 0) > MAX_STRING_LENGTH)
      throw new FormatNotEvaluated(
        `the width or precision of ${JSON.stringify(raw)} is too large to evaluate statically`,
      );
    out += formatOne(verb, args[next++]);
    used = Math.max(used, next);
    if (out.length > MAX_STRING_LENGTH) throw new FormatNotEvaluated(STRING_TOO_LONG);
  }
  if (args.length > used)
    throw new FormatError(
      used === 0
        ? 'too many arguments; no verbs in format string'
        : `too many arguments; only ${used} used by format string`,
    );
  return out;
}

function formatOne(verb: Verb, arg: unknown): string {
  if (verb.mode !== 'v' && arg === null)
    throw new FormatError(
      `unsupported value for ${JSON.stringify(verb.raw)}: null value cannot be formatted`,
    );
  switch (verb.mode) {
    case 'v':
      if (!verb.sharp && typeof arg === 'string') return padWidth(verb, arg);
      if (!verb.sharp && typeof arg === 'number') return padWidth(verb, formatFloat('g', undefined, arg));
      return padWidth(verb, goJson(arg));
    case 't':
      return String(toBool(arg, verb));
    case 'b':
    case 'd':
    case 'o':
    case 'x':
    case 'X':
      return formatInteger(verb, toNumber(arg, verb));
    case 'e':
    case 'E':
    case 'f':
    case 'g':
    case 'G':
      return formatFloatVerb(verb, toNumber(arg, verb));
    case 's':
    case 'q': {
      let s = toText(arg, verb);
      if (verb.precision !== undefined && verb.precision > 0)
        s = graphemes(s).slice(0, verb.precision).join('');
      return padWidth(verb, verb.mode === 'q' ? goJson(s) : s);
    }
    default:
      throw new FormatError(
        `unsupported format verb ${JSON.stringify(verb.mode)} in ${JSON.stringify(verb.raw)}`,
      );
  }
}

function unsupported(verb: Verb, why: string): FormatError {
  return new FormatError(`unsupported value for ${JSON.stringify(verb.raw)}: ${why}`);
}

function toBool(v: unknown, verb: Verb): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw unsupported(verb, 'a bool is required');
}

function toNumber(v: unknown, verb: Verb): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(v.trim())) return Number(v);
  throw unsupported(verb, 'a number is required');
}

function toText(v: unknown, verb: Verb): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return numberText(v);
  throw unsupported(verb, 'a string is required');
}

/** How Terraform writes a number as a string: every digit, no exponent. */
export function numberText(n: number): string {
  if (Number.isSafeInteger(n)) return String(n);
  const d = decimalOf(n);
  return (d.negative ? '-' : '') + fixed(d, Math.max(0, d.digits.length - d.exponent));
}

/** JSON as Terraform's jsonencode writes it: <, >, & and the line separators escaped. */
export function goJson(v: unknown): string {
  return JSON.stringify(v).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function padWidth(verb: Verb, s: string): string {
  if (verb.width === undefined) return s;
  const given = graphemes(s).length;
  if (given >= verb.width) return s;
  const pads = (verb.zero ? '0' : ' ').repeat(verb.width - given);
  return verb.minus ? s + pads : pads + s;
}

/** Go's fmt for big.Int: [left pad][sign][prefix][zero pad][digits][right pad]. */
function formatInteger(verb: Verb, n: number): string {
  if (!Number.isInteger(n)) throw unsupported(verb, 'an integer is required');
  if (!Number.isSafeInteger(n)) throw new FormatNotEvaluated(`${n} is too large to format exactly`);
  const base = { b: 2, d: 10, o: 8, x: 16, X: 16 }[verb.mode]!;
  let digits = BigInt(Math.abs(n)).toString(base);
  if (verb.mode === 'X') digits = digits.toUpperCase();
  const sign = n < 0 ? '-' : verb.plus ? '+' : verb.space ? ' ' : '';
  const prefix = verb.sharp ? ({ b: '0b', o: '0', x: '0x', X: '0X' }[verb.mode] ?? '') : '';
  let zeros = 0;
  if (verb.precision !== undefined) {
    if (digits.length < verb.precision) zeros = verb.precision - digits.length;
    else if (digits === '0' && verb.precision === 0) return '';
  }
  let left = 0;
  let right = 0;
  const length = sign.length + prefix.length + zeros + digits.length;
  if (verb.width !== undefined && length < verb.width) {
    const d = verb.width - length;
    if (verb.minus) right = d;
    else if (verb.zero && verb.precision === undefined) zeros = d;
    else left = d;
  }
  return ' '.repeat(left) + sign + prefix + '0'.repeat(zeros) + digits + ' '.repeat(right);
}

/** Go's fmt for big.Float: the sign, then zero padding (which wins over '-'), right or left padding. */
function formatFloatVerb(verb: Verb, n: number): string {
  let body = formatFloat(verb.mode, verb.precision, n);
  let sign = '';
  if (body.startsWith('-')) {
    sign = '-';
    body = body.slice(1);
  } else if (verb.plus) sign = '+';
  else if (verb.space) sign = ' ';
  const padding = verb.width !== undefined ? Math.max(0, verb.width - sign.length - body.length) : 0;
  if (verb.zero) return sign + '0'.repeat(padding) + body;
  if (verb.minus) return sign + body + ' '.repeat(padding);
  return ' '.repeat(padding) + sign + body;
}

/** A number as decimal digits: value = 0.digits × 10^exponent (digits without leading zeros; '' for 0). */
interface Decimal {
  negative: boolean;
  digits: string;
  exponent: number;
  /** Whether the digits are the number's exact value (else they are its shortest round-trip form). */
  exact: boolean;
}

function decimalOf(n: number): Decimal {
  if (!Number.isFinite(n)) throw new FormatNotEvaluated(`${n} cannot be formatted`);
  const negative = n < 0 || Object.is(n, -0);
  if (n === 0) return { negative, digits: '', exponent: 0, exact: true };
  const [mantissa, exp] = Math.abs(n).toExponential().split('e');
  const digits = mantissa.replace('.', '').replace(/0+$/, '');
  const exponent = Number(exp) + 1;
  // toFixed writes the exact binary value (up to 100 places): the shortest digits are exact when it agrees.
  const places = digits.length - exponent;
  const exact =
    places <= 0 ||
    (places <= 90 &&
      Math.abs(n)
        .toFixed(100)
        .replace(/0+$/, '')
        .replace(/^0\.0*|\./g, '') === digits);
  return { negative, digits, exponent, exact };
}

/** Rounds to `keep` leading digits, half to even as Go does; a tie akslint cannot decide exactly is refused. */
function round(d: Decimal, keep: number): Decimal {
  if (keep >= d.digits.length) return d;
  if (keep < 0) return { ...d, digits: '', exponent: d.exponent };
  const rest = d.digits.slice(keep);
  let up: boolean;
  if (rest[0] > '5') up = true;
  else if (rest[0] < '5') up = false;
  else if (rest.length > 1) up = true;
  else {
    if (!d.exact)
      throw new FormatNotEvaluated(
        'rounding this number depends on digits beyond what akslint reads exactly',
      );
    up = keep > 0 && (Number(d.digits[keep - 1]) & 1) === 1;
  }
  let digits = d.digits.slice(0, keep);
  let exponent = d.exponent;
  if (up) {
    const bumped = (BigInt(digits || '0') + 1n).toString();
    // 99 + 1 carries into a new leading digit: 0.99 rounds to 1.0.
    if (bumped.length > keep) exponent++;
    digits = bumped.length > keep ? bumped : bumped.padStart(keep, '0');
  }
  return { ...d, digits: digits.replace(/0+$/, ''), exponent };
}

function digitAt(d: Decimal, i: number): string {
  return i < d.digits.length ? d.digits[i] : '0';
}

/** The digits with `places` digits after the point, no sign. */
function fixed(d: Decimal, places: number): string {
  let int = '';
  if (d.exponent <= 0) int = '0';
  else for (let i = 0; i < d.exponent; i++) int += digitAt(d, i);
  let frac = '';
  for (let i = 0; i < places; i++) {
    const at = d.exponent + i;
    frac += at < 0 ? '0' : digitAt(d, at);
  }
  return places > 0 ? `${int}.${frac}` : int;
}

function exponential(d: Decimal, places: number, e: string): string {
  const exp = d.digits === '' ? 0 : d.exponent - 1;
  let mantissa = digitAt(d, 0);
  if (places > 0) {
    mantissa += '.';
    for (let i = 1; i <= places; i++) mantissa += digitAt(d, i);
  }
  const abs = Math.abs(exp);
  return `${mantissa}${e}${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
}

/** Go's big.Float formatting for %e %E %f %g %G (the `precision` of Go's fmt, undefined when not given). */
function formatFloat(mode: string, precision: number | undefined, n: number): string {
  let d = decimalOf(n);
  const sign = d.negative && n !== 0 ? '-' : '';
  if (Math.abs(n) >= 1e21 && mode === 'f')
    throw new FormatNotEvaluated(`${n} is too large to format exactly`);
  switch (mode) {
    case 'f':
      d = round(d, d.exponent + (precision ?? 6));
      return sign + fixed(d, precision ?? 6);
    case 'e':
    case 'E':
      d = round(d, 1 + (precision ?? 6));
      return sign + exponential(d, precision ?? 6, mode);
    default: {
      const shortest = precision === undefined;
      let prec = precision ?? d.digits.length;
      if (!shortest) {
        if (prec === 0) prec = 1;
        d = round(d, prec);
      }
      let eprec = prec;
      if (eprec > d.digits.length && d.digits.length >= d.exponent) eprec = d.digits.length;
      if (shortest) eprec = 6;
      const exp = d.exponent - 1;
      if (d.digits !== '' && (exp < -4 || exp >= eprec)) {
        if (prec > d.digits.length) prec = d.digits.length;
        return sign + exponential(d, prec - 1, mode === 'G' ? 'E' : 'e');
      }
      if (prec > d.exponent) prec = d.digits.length;
      return sign + fixed(d, Math.max(prec - d.exponent, 0));
    }
  }
}
