import { isUnicodeClassName, POSIX_CLASSES } from './go-regexp-names.js';

/**
 * Go `regexp.Compile(expr)`'s error text, or `undefined` when Go accepts the expression. Kuma reports it as
 * `provided regexp isn't correct: <error>` for `metrics.conf.envoy.filterRegex`.
 *
 * Follows Go 1.25 `regexp/syntax.Parse` with Perl flags: the same token loop, the same checks in the same
 * order and the same offending fragment in the message (`error parsing regexp: <code>: \`<fragment>\``).
 * Not reproduced: the size and nesting-depth limits (`expression too large`, `expression nests too
 * deeply`), which need thousands of nodes to trigger.
 */
export function goRegexpError(expr: string): string | undefined {
  try {
    new GoRegexpParser(expr).parse();
    return undefined;
  } catch (e) {
    if (e instanceof GoRegexpSyntaxError) return e.message;
    throw e;
  }
}

class GoRegexpSyntaxError extends Error {
  constructor(code: string, fragment: string) {
    super(`error parsing regexp: ${code}: \`${fragment}\``);
  }
}

/** The parse tree, reduced to what `repeatIsValid` looks at. */
interface Node {
  readonly max: number; // -1 for "no upper bound"; 0 for a node that is not a repeat
  readonly min: number;
  readonly repeat: boolean;
  readonly subs: readonly Node[];
}

const LEAF: Node = { min: 0, max: 0, repeat: false, subs: [] };

interface Frame {
  items: Node[];
  readonly done: Node[];
}

/** Go `repeatIsValid`: nested repeat counts may not multiply past `n`. */
function repeatIsValid(node: Node, n: number): boolean {
  if (node.repeat) {
    let m = node.max;
    if (m === 0) return true;
    if (m < 0) m = node.min;
    if (m > n) return false;
    if (m > 0) n = Math.trunc(n / m);
  }
  return node.subs.every((sub) => repeatIsValid(sub, n));
}

function isAlnum(c: string): boolean {
  return /^[0-9A-Za-z]$/.test(c);
}

class GoRegexpParser {
  private readonly frames: Frame[] = [{ items: [], done: [] }];
  private i = 0;
  private lastRepeat = -1;

  constructor(private readonly s: string) {}

  private fail(code: string, from: number, to = this.s.length): never {
    throw new GoRegexpSyntaxError(code, this.s.slice(from, to));
  }

  private get frame(): Frame {
    return this.frames[this.frames.length - 1] as Frame;
  }

  /** Index after the rune at `at` (a surrogate pair is one rune). */
  private nextRune(at: number): number {
    const c = this.s.charCodeAt(at);
    return c >= 0xd800 && c <= 0xdbff && at + 1 < this.s.length ? at + 2 : at + 1;
  }

  parse(): void {
    const s = this.s;
    while (this.i < s.length) {
      let repeatAt = -1;
      const c = s[this.i] as string;
      switch (c) {
        case '(':
          if (s[this.i + 1] === '?') this.parsePerlFlags();
          else {
            this.frames.push({ items: [], done: [] });
            this.i++;
          }
          break;
        case '|':
          this.frame.done.push({ ...LEAF, subs: this.frame.items });
          this.frame.items = [];
          this.i++;
          break;
        case ')': {
          if (this.frames.length < 2) this.fail('unexpected )', 0);
          const closed = this.frames.pop() as Frame;
          this.frame.items.push({ ...LEAF, subs: [...closed.done, { ...LEAF, subs: closed.items }] });
          this.i++;
          break;
        }
        case '[':
          this.parseClass();
          this.frame.items.push(LEAF);
          break;
        case '*':
        case '+':
        case '?':
          repeatAt = this.i;
          this.repeat(this.i, this.i + 1, 0, 0, false);
          break;
        case '{': {
          const parsed = this.parseRepeat(this.i);
          if (parsed === undefined) {
            this.frame.items.push(LEAF); // `{` that does not start a repeat is a literal
            this.i++;
            break;
          }
          const [min, max, after] = parsed;
          if (min < 0 || min > 1000 || max > 1000 || (max >= 0 && min > max)) this.fail('invalid repeat count', this.i, after);
          repeatAt = this.i;
          this.repeat(this.i, after, min, max, true);
          break;
        }
        case '\\':
          this.parseBackslash();
          break;
        default: // literals and ^ $ .
          this.frame.items.push(LEAF);
          this.i = this.nextRune(this.i);
      }
      this.lastRepeat = repeatAt;
    }
    if (this.frames.length !== 1) this.fail('missing closing )', 0);
  }

  /** Go `parser.repeat`: `before` is the operator's start, `after` the index just past it. */
  private repeat(before: number, after: number, min: number, max: number, counted: boolean): void {
    if (this.s[after] === '?') after++; // non-greedy marker
    if (this.lastRepeat >= 0) this.fail('invalid nested repetition operator', this.lastRepeat, after);
    const items = this.frame.items;
    if (items.length === 0) this.fail('missing argument to repetition operator', before, after);
    const node: Node = { min, max, repeat: counted, subs: [items.pop() as Node] };
    items.push(node);
    if (counted && (min >= 2 || max >= 2) && !repeatIsValid(node, 1000)) this.fail('invalid repeat count', before, after);
    this.i = after;
  }

  /** Go `parseRepeat`: `{n}`, `{n,}` or `{n,m}`; `undefined` when it is not one (then `{` is a literal). */
  private parseRepeat(at: number): [number, number, number] | undefined {
    let p = at + 1;
    const minInt = this.parseInt(p);
    if (minInt === undefined) return undefined;
    let [min, next] = minInt;
    p = next;
    if (p >= this.s.length) return undefined;
    let max: number;
    if (this.s[p] !== ',') max = min;
    else {
      p++;
      if (p >= this.s.length) return undefined;
      if (this.s[p] === '}') max = -1;
      else {
        const maxInt = this.parseInt(p);
        if (maxInt === undefined) return undefined;
        [max, next] = maxInt;
        p = next;
        if (max < 0) min = -1;
      }
    }
    if (this.s[p] !== '}') return undefined;
    return [min, max, p + 1];
  }

  /** Go `parseInt`: decimal, no leading zeros; a value of 1e8 or more reads as -1. */
  private parseInt(at: number): [number, number] | undefined {
    const s = this.s;
    if (!/[0-9]/.test(s[at] ?? '')) return undefined;
    if (s[at] === '0' && /[0-9]/.test(s[at + 1] ?? '')) return undefined;
    let p = at;
    let n = 0;
    while (/[0-9]/.test(s[p] ?? '')) {
      if (n >= 0) n = n >= 1e8 ? -1 : n * 10 + Number(s[p]);
      p++;
    }
    return [n, p];
  }

  /** Go `parsePerlFlags`: named captures, `(?flags)`, `(?flags:`. */
  private parsePerlFlags(): void {
    const s = this.s;
    const start = this.i;
    const rest = s.length - start;
    const startsWithP = rest > 4 && s[start + 2] === 'P' && s[start + 3] === '<';
    const startsWithName = rest > 3 && s[start + 2] === '<';
    if (startsWithP || startsWithName) {
      const end = s.indexOf('>', start);
      if (end < 0) this.fail('invalid named capture', start);
      const name = s.slice(start + (startsWithName ? 3 : 4), end);
      if (!/^[A-Za-z0-9_]+$/.test(name)) this.fail('invalid named capture', start, end + 1);
      this.frames.push({ items: [], done: [] });
      this.i = end + 1;
      return;
    }
    let p = start + 2;
    let negated = false;
    let sawFlag = false;
    while (p < s.length) {
      const c = s[p] as string;
      p = this.nextRune(p);
      if (c === 'i' || c === 'm' || c === 's' || c === 'U') sawFlag = true;
      else if (c === '-') {
        if (negated) break;
        negated = true;
        sawFlag = false;
      } else if (c === ':' || c === ')') {
        if (negated && !sawFlag) break;
        if (c === ':') this.frames.push({ items: [], done: [] });
        this.i = p;
        return;
      } else break;
    }
    this.fail('invalid or unsupported Perl syntax', start, p);
  }

  private parseBackslash(): void {
    const s = this.s;
    const at = this.i;
    const next = s[at + 1];
    if (next !== undefined) {
      switch (next) {
        case 'A':
        case 'b':
        case 'B':
        case 'z':
          this.frame.items.push(LEAF);
          this.i = at + 2;
          return;
        case 'C':
          return this.fail('invalid escape sequence', at, at + 2);
        case 'Q': {
          const end = s.indexOf('\\E', at + 2);
          if ((end < 0 ? s.length : end) > at + 2) this.frame.items.push(LEAF);
          this.i = end < 0 ? s.length : end + 2;
          return;
        }
      }
    }
    const after = this.parseUnicodeClass(at) ?? this.parsePerlClassEscape(at);
    if (after !== undefined) this.i = after;
    else this.i = this.parseEscape(at);
    this.frame.items.push(LEAF);
  }

  /** Go `parseUnicodeClass`: `\pL`, `\p{Greek}`, `\P{^Lu}`; the index after it, or `undefined`. */
  private parseUnicodeClass(at: number): number | undefined {
    const s = this.s;
    if (s[at] !== '\\' || (s[at + 1] !== 'p' && s[at + 1] !== 'P')) return undefined;
    let name: string;
    let end: number;
    if (s[at + 2] !== '{') {
      end = at + 2 < s.length ? this.nextRune(at + 2) : at + 2;
      name = s.slice(at + 2, end);
    } else {
      const close = s.indexOf('}', at);
      if (close < 0) this.fail('invalid character class range', at);
      end = close + 1;
      name = s.slice(at + 3, close);
    }
    if (name.startsWith('^')) name = name.slice(1);
    if (!isUnicodeClassName(name)) this.fail('invalid character class range', at, end);
    return end;
  }

  /** Go `parsePerlClassEscape`: `\d \D \s \S \w \W`. */
  private parsePerlClassEscape(at: number): number | undefined {
    return this.s[at] === '\\' && /[dDsSwW]/.test(this.s[at + 1] ?? '') ? at + 2 : undefined;
  }

  /** Go `parseEscape`: one escaped rune; returns the index after it. */
  private parseEscape(at: number): number {
    const s = this.s;
    let p = at + 1;
    if (p >= s.length) throw new GoRegexpSyntaxError('trailing backslash at end of expression', '');
    const c = s[p] as string;
    p = this.nextRune(p);
    const isOctal = (x: string | undefined): boolean => x !== undefined && x >= '0' && x <= '7';
    if (c >= '1' && c <= '7' && !isOctal(s[p])) return this.fail('invalid escape sequence', at, p);
    if (c >= '0' && c <= '7') {
      for (let k = 1; k < 3 && isOctal(s[p]); k++) p++;
      return p;
    }
    if (c === 'x') {
      if (p >= s.length) return this.fail('invalid escape sequence', at, p);
      const first = s[p] as string;
      p = this.nextRune(p);
      if (first === '{') {
        let digits = 0;
        let value = 0;
        for (;;) {
          if (p >= s.length) return this.fail('invalid escape sequence', at, p);
          const d = s[p] as string;
          p = this.nextRune(p);
          if (d === '}') break;
          if (!/^[0-9A-Fa-f]$/.test(d)) return this.fail('invalid escape sequence', at, p);
          value = value * 16 + parseInt(d, 16);
          if (value > 0x10ffff) return this.fail('invalid escape sequence', at, p);
          digits++;
        }
        if (digits === 0) return this.fail('invalid escape sequence', at, p);
        return p;
      }
      const second = s[p];
      if (p < s.length) p = this.nextRune(p);
      if (!/^[0-9A-Fa-f]$/.test(first) || second === undefined || !/^[0-9A-Fa-f]$/.test(second)) {
        return this.fail('invalid escape sequence', at, p);
      }
      return p;
    }
    if ('afnrtv'.includes(c)) return p;
    if (c.charCodeAt(0) < 0x80 && !isAlnum(c)) return p; // escaped punctuation is itself
    return this.fail('invalid escape sequence', at, p);
  }

  /** Go `parseClass`: `[...]` with POSIX, Unicode and Perl classes, escapes and ranges. */
  private parseClass(): void {
    const s = this.s;
    const start = this.i;
    let p = start + 1;
    if (s[p] === '^') p++;
    let first = true;
    while (p >= s.length || s[p] !== ']' || first) {
      first = false;
      if (s[p] === '[' && s[p + 1] === ':' && p + 2 < s.length) {
        const close = s.indexOf(':]', p + 2);
        if (close >= 0) {
          const name = s.slice(p, close + 2);
          if (!POSIX_CLASSES.has(name)) this.fail('invalid character class range', p, close + 2);
          p = close + 2;
          continue;
        }
      }
      const unicodeEnd = this.parseUnicodeClass(p);
      if (unicodeEnd !== undefined) {
        p = unicodeEnd;
        continue;
      }
      const perlEnd = this.parsePerlClassEscape(p);
      if (perlEnd !== undefined) {
        p = perlEnd;
        continue;
      }
      const rangeStart = p;
      const [lo, afterLo] = this.parseClassChar(p, start);
      p = afterLo;
      if (p + 1 < s.length && s[p] === '-' && s[p + 1] !== ']') {
        const [hi, afterHi] = this.parseClassChar(p + 1, start);
        p = afterHi;
        if (hi < lo) this.fail('invalid character class range', rangeStart, p);
      }
    }
    this.i = p + 1;
  }

  /** Go `parseClassChar`: one (possibly escaped) rune of a class, as [code point, next index]. */
  private parseClassChar(at: number, classStart: number): [number, number] {
    const s = this.s;
    if (at >= s.length) this.fail('missing closing ]', classStart);
    if (s[at] === '\\') {
      const end = this.parseEscape(at);
      return [escapedCodePoint(s.slice(at, end)), end];
    }
    return [s.codePointAt(at) as number, this.nextRune(at)];
  }
}

/** The code point an escape that `parseEscape` accepted stands for. */
function escapedCodePoint(escape: string): number {
  const body = escape.slice(1);
  if (/^[0-7]{1,3}$/.test(body)) return parseInt(body, 8);
  if (body.startsWith('x{')) return parseInt(body.slice(2, -1), 16);
  if (body.startsWith('x')) return parseInt(body.slice(1), 16);
  const simple: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
  return simple[body] ?? (body.codePointAt(0) as number);
}
