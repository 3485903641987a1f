import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goQuote } from './go-quote.js';

describe('goQuote (Go %q)', () => {
  const cases: readonly (readonly [name: string, input: string, expected: string])[] = [
    ['plain ASCII is wrapped', 'kuma.io/service', '"kuma.io/service"'],
    ['empty string', '', '""'],
    ['double quote and backslash are escaped', 'a"b\\c', '"a\\"b\\\\c"'],
    ['short escapes for \\a \\b \\f \\n \\r \\t \\v', '\x07\b\f\n\r\t\v', '"\\a\\b\\f\\n\\r\\t\\v"'],
    ['other ASCII controls and DEL as \\xhh', '\x00\x1b\x7f', '"\\x00\\x1b\\x7f"'],
    ['printable non-ASCII stays as is', 'zażółć 東京', '"zażółć 東京"'],
    ['astral printable stays as is', '😀', '"😀"'],
    ['non-printable BMP rune as \\uhhhh (NBSP, soft hyphen)', '\u00a0\u00ad', '"\\u00a0\\u00ad"'],
    ['non-printable astral rune as \\Uhhhhhhhh', '\u{e0001}', '"\\U000e0001"'],
    ['single quote is not escaped', "it's", '"it\'s"'],
    ['lone surrogate prints as U+FFFD', '\ud800', '"\ufffd"'],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => assert.equal(goQuote(input), expected));
  }
});
