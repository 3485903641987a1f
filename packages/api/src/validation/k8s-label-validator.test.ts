import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dns1035LabelMessages, labelValueMessages, qualifiedNameMessages } from './k8s-label-validator.js';

const NAME_REGEX_ERROR =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
  "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe('qualifiedNameMessages (label keys)', () => {
  const cases: readonly (readonly [string, readonly string[]])[] = [
    ['kuma.io/origin', []],
    ['team', []],
    ['a_b.c-d', []],
    ['', ['name part must be non-empty', NAME_REGEX_ERROR]],
    ['-bad', [NAME_REGEX_ERROR]],
    ['x'.repeat(64), ['name part must be no more than 63 characters']],
    ['/name', ['prefix part must be non-empty']],
    [
      'Kuma.io/x',
      [
        "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start " +
          "and end with an alphanumeric character (e.g. 'example.com', regex used for validation is " +
          "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ],
    ],
    [
      'a/b/c',
      [
        "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric " +
          "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is " +
          "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      ],
    ],
  ];
  for (const [key, expected] of cases) it(JSON.stringify(key.slice(0, 20)), () => assert.deepEqual(qualifiedNameMessages(key), expected));
});

describe('labelValueMessages', () => {
  const REGEX_ERROR =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an " +
    "alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is " +
    "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  const cases: readonly (readonly [string, readonly string[]])[] = [
    ['', []],
    ['zone-1', []],
    ['a b', [REGEX_ERROR]],
    ['v'.repeat(64), ['must be no more than 63 characters']],
    ['-'.repeat(64), ['must be no more than 63 characters', REGEX_ERROR]],
  ];
  for (const [value, expected] of cases)
    it(JSON.stringify(value.slice(0, 20)), () => assert.deepEqual(labelValueMessages(value), expected));
});

describe('dns1035LabelMessages (Workload names, Mesh display names)', () => {
  const REGEX_ERROR =
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end " +
    "with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
  const cases: readonly (readonly [string, readonly string[]])[] = [
    ['my-workload', []],
    ['a', []],
    ['MyWorkload', [REGEX_ERROR]],
    ['aa.a', [REGEX_ERROR]],
    ['1abc', [REGEX_ERROR]],
    ['abc-', [REGEX_ERROR]],
    ['', [REGEX_ERROR]],
    ['a'.repeat(63), []],
    ['a'.repeat(64), ['must be no more than 63 characters']],
    ['A'.repeat(64), ['must be no more than 63 characters', REGEX_ERROR]],
  ];
  for (const [value, expected] of cases) {
    it(`given ${JSON.stringify(value.length > 20 ? `${value.slice(0, 3)}…(${value.length})` : value)} then ${expected.length} message(s)`, () => {
      assert.deepEqual(dns1035LabelMessages(value), expected);
    });
  }
});
