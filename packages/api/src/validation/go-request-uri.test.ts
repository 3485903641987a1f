import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidRequestURI, requestURIPort } from './go-request-uri.js';

describe('isValidRequestURI (Go url.ParseRequestURI)', () => {
  const valid = [
    '/',
    '/healthz',
    '/8080/healthz',
    '/a b',
    '/x?q=1',
    '/x?',
    '/a#frag',
    '*',
    '/%41%42',
    '//double/slash',
    'http://host',
    'http://host:8080/path',
    'http://user:pw@host/x',
    'http://[::1]:80/x',
    'http://[fe80::1%25en0]/x',
    'http://[::ffff:1.2.3.4]/x',
    'mailto:someone',
    'a:b',
    'http:',
    'http://host:/x',
    'http://h%C3%A9/',
  ];
  const invalid = [
    '',
    'healthz',
    '8080/healthz',
    './x',
    '?x',
    ':x',
    '/x\n',
    '/\x7f',
    '/%zz',
    '/%4',
    'http://host:abc/',
    'http://[::1/x',
    'http://[1.2.3.4]/x',
    'http://[::1]x/',
    'http://ho st/',
    'http://h%41/',
    'http://us er@host/',
    'http://h{/',
    'http://[fe80::1%25en%0A]/',
  ];
  for (const uri of valid) it(`accepts ${JSON.stringify(uri)}`, () => assert.equal(isValidRequestURI(uri), true));
  for (const uri of invalid) it(`rejects ${JSON.stringify(uri)}`, () => assert.equal(isValidRequestURI(uri), false));
});

describe('requestURIPort (URL.Port())', () => {
  const cases: readonly (readonly [string, string | undefined])[] = [
    ['http://zipkin:9411/api/v2/spans', '9411'],
    ['http://zipkin/api/v2/spans', ''],
    ['http://[::1]:80/x', '80'],
    ['http://[::1]/x', ''],
    ['/just/a/path', ''],
    ['not a url', undefined],
  ];
  for (const [uri, port] of cases) it(`${uri} → ${JSON.stringify(port)}`, () => assert.equal(requestURIPort(uri), port));
});
