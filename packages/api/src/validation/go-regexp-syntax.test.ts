import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goRegexpError } from './go-regexp-syntax.js';

describe('goRegexpError (Go regexp.Compile)', () => {
  const valid = [
    '', 'abc', '^envoy_cluster_.*$', 'a|b|c', '(a)(?:b)(?P<name>c)(?<n2>d)', '(?i)abc', '(?i:x)', '(?-s:.)', '(?im-sU)x',
    'a{2}', 'a{2,}', 'a{2,5}', 'a{,5}', 'a{', 'a{x}', '{', 'x{1001', 'a*?', 'a+?', 'a??', 'a{2}?', '[a-z]', '[]a]', '[^]a]',
    '[a-]', '[-a]', '[\\d\\s]', '[[:alpha:]]', '[[:^space:]]', '\\pL', '\\p{Greek}', '\\P{^Lu}', '\\p{Letter}',
    '\\p{uppercase letter}', '\\p{Any}', '\\p{ASCII}', '\\x41', '\\x{1F600}', '\\101', '\\0', '\\Qa.b\\E', '\\Qabc',
    'x\\Q\\E*', '\\A\\b\\B\\z', '\\.\\*\\_', '[\\]]', '^*', '$+', '()*', '(a{10}){100}', 'a{1000}', '\\a\\f\\n\\r\\t\\v',
    '[\\x00-\\x{10FFFF}]',
  ];
  for (const expr of valid) it(`accepts ${JSON.stringify(expr)}`, () => assert.equal(goRegexpError(expr), undefined));

  const invalid: readonly (readonly [string, string])[] = [
    ['(', 'missing closing ): `(`'],
    ['(a|b', 'missing closing ): `(a|b`'],
    ['a)', 'unexpected ): `a)`'],
    ['(?i))', 'unexpected ): `(?i))`'],
    ['[a', 'missing closing ]: `[a`'],
    ['x[^', 'missing closing ]: `[^`'],
    ['*', 'missing argument to repetition operator: `*`'],
    ['a|*', 'missing argument to repetition operator: `*`'],
    ['(+)', 'missing argument to repetition operator: `+`'],
    ['(?i)*?', 'missing argument to repetition operator: `*?`'],
    ['{2}', 'missing argument to repetition operator: `{2}`'],
    ['\\Q\\E*', 'missing argument to repetition operator: `*`'],
    ['a**', 'invalid nested repetition operator: `**`'],
    ['a+*?x', 'invalid nested repetition operator: `+*?`'],
    ['a{2}{3}', 'invalid nested repetition operator: `{2}{3}`'],
    ['a{1001}', 'invalid repeat count: `{1001}`'],
    ['a{3,2}', 'invalid repeat count: `{3,2}`'],
    ['a{1,1000000000}', 'invalid repeat count: `{1,1000000000}`'],
    ['(a{100}){20}', 'invalid repeat count: `{20}`'],
    ['\\q', 'invalid escape sequence: `\\q`'],
    ['\\8', 'invalid escape sequence: `\\8`'],
    ['\\1', 'invalid escape sequence: `\\1`'],
    ['\\C', 'invalid escape sequence: `\\C`'],
    ['\\xZ1', 'invalid escape sequence: `\\xZ1`'],
    ['\\x4', 'invalid escape sequence: `\\x4`'],
    ['\\x{}', 'invalid escape sequence: `\\x{}`'],
    ['\\x{110000}', 'invalid escape sequence: `\\x{110000`'],
    ['[\\b]', 'invalid escape sequence: `\\b`'],
    ['a\\', 'trailing backslash at end of expression: ``'],
    ['(?=a)', 'invalid or unsupported Perl syntax: `(?=`'],
    ['(?!a)', 'invalid or unsupported Perl syntax: `(?!`'],
    ['(?P=n)', 'invalid or unsupported Perl syntax: `(?P`'],
    ['(?i-)', 'invalid or unsupported Perl syntax: `(?i-)`'],
    ['(?', 'invalid or unsupported Perl syntax: `(?`'],
    ['(?<=a)', 'invalid named capture: `(?<=a)`'],
    ['(?P<a-b>x)', 'invalid named capture: `(?P<a-b>`'],
    ['[z-a]', 'invalid character class range: `z-a`'],
    ['[[:foo:]]', 'invalid character class range: `[:foo:]`'],
    ['\\p{Klingon}', 'invalid character class range: `\\p{Klingon}`'],
    ['\\p{Old_Italic}', 'invalid character class range: `\\p{Old_Italic}`'],
    ['\\p{L', 'invalid character class range: `\\p{L`'],
    ['\\pX', 'invalid character class range: `\\pX`'],
  ];
  for (const [expr, error] of invalid) {
    it(`rejects ${JSON.stringify(expr)}`, () => assert.equal(goRegexpError(expr), `error parsing regexp: ${error}`));
  }
});
