import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CONSTRAINT_SELECTOR_RULES,
  GATEWAY_TAG_RULES,
  INBOUND_TAG_RULES,
  SERVICE_TAG_RULES,
  type TagRules,
  isKnownProtocol,
  isValidTagName,
  isValidTagValue,
  validateTags,
} from './tag-validator.js';
import type { Violation } from './violation.js';

function tags(map: Record<string, string>, rules: TagRules, index = 0): Violation[] {
  const out: Violation[] = [];
  validateTags(out, map, 'x', index, rules);
  return out;
}

describe('tag characters', () => {
  it('names allow alphanumerics . - _ : / and nothing else', () => {
    assert.ok(isValidTagName('kuma.io/service-name_1:x'));
    for (const bad of ['a b', 'a@b', 'ą', 'a*']) assert.equal(isValidTagName(bad), false, bad);
  });
  it('values allow alphanumerics . - _ : but not /', () => {
    assert.ok(isValidTagValue('abc.0123-789.under_score:90'));
    for (const bad of ['a/b', 'a b', '*']) assert.equal(isValidTagValue(bad), false, bad);
  });
  it('protocols parse case-insensitively; tls parses although the hint omits it', () => {
    for (const ok of ['grpc', 'http', 'HTTP', 'Http2', 'kafka', 'tcp', 'tls']) assert.ok(isKnownProtocol(ok), ok);
    for (const bad of ['', 'udp', 'http3', ' http']) assert.equal(isKnownProtocol(bad), false, bad);
  });
});

describe('validateTags', () => {
  const cases: readonly (readonly [string, Record<string, string>, TagRules, readonly Violation[]])[] = [
    ['valid inbound tags', { 'kuma.io/service': 'a', 'kuma.io/protocol': 'http' }, INBOUND_TAG_RULES, []],
    ['inbound tags do not require the service (the Dataplane validator reports it)', { a: 'b' }, INBOUND_TAG_RULES, []],
    [
      'outbound / available-service tags require the service',
      { a: 'b' },
      SERVICE_TAG_RULES,
      [{ field: 'x[0].tags', message: 'mandatory tag "kuma.io/service" is missing' }],
    ],
    [
      'service check comes after the per-key checks',
      { b: '', a: '!' },
      SERVICE_TAG_RULES,
      [
        { field: 'x[0].tags["a"]', message: 'tag value must consist of alphanumeric characters, dots, dashes and underscores' },
        { field: 'x[0].tags["b"]', message: 'tag value must be non-empty' },
        { field: 'x[0].tags', message: 'mandatory tag "kuma.io/service" is missing' },
      ],
    ],
    [
      'gateway protocol must be exactly tcp',
      { 'kuma.io/service': 'a', 'kuma.io/protocol': 'TCP' },
      GATEWAY_TAG_RULES,
      [{ field: 'x[0].tags["kuma.io/protocol"]', message: 'other values than tcp are not allowed, provided value "TCP"' }],
    ],
    [
      'inbound protocol value is %q-quoted in the message',
      { 'kuma.io/service': 'a', 'kuma.io/protocol': 'h"t' },
      INBOUND_TAG_RULES,
      [
        {
          field: 'x[0].tags["kuma.io/protocol"]',
          message: 'tag "kuma.io/protocol" has an invalid value "h\\"t". Allowed values: grpc, http, http2, kafka, tcp',
        },
        {
          field: 'x[0].tags["kuma.io/protocol"]',
          message: 'tag value must consist of alphanumeric characters, dots, dashes and underscores',
        },
      ],
    ],
    [
      'empty name: non-empty message at the map, no character message',
      { '': 'v', 'kuma.io/service': 'a' },
      SERVICE_TAG_RULES,
      [{ field: 'x[0].tags', message: 'tag name must be non-empty' }],
    ],
    ['selector: at least one tag', {}, CONSTRAINT_SELECTOR_RULES, [{ field: 'x[0].tags', message: 'must have at least one tag' }]],
    ['selector: "*" and slashes are fine in values', { a: '*', b: 'x/y' }, CONSTRAINT_SELECTOR_RULES, []],
    [
      'selector: other characters use the selector message',
      { a: 'x y' },
      CONSTRAINT_SELECTOR_RULES,
      [
        {
          field: 'x[0].tags["a"]',
          message: 'tag value must consist of alphanumeric characters, dots, dashes, slashes and underscores or be "*"',
        },
      ],
    ],
  ];
  for (const [name, map, rules, expected] of cases) it(name, () => assert.deepEqual(tags(map, rules), expected));

  it('without an index the path is <base>.tags', () => {
    assert.deepEqual(tags({}, SERVICE_TAG_RULES, -1), [{ field: 'x.tags', message: 'mandatory tag "kuma.io/service" is missing' }]);
  });
});
