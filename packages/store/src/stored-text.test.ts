import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PAYLOAD_EXCERPT_BYTES, payloadExcerpt, storableText } from './stored-text.js';

describe('storableText', () => {
  it('given a NUL, then it is spelled \\u0000 (Postgres text cannot hold it)', () => {
    assert.equal(storableText('a\u0000b'), 'a\\u0000b');
  });
  it('given text longer than the limit, then it is cut with an ellipsis', () => {
    assert.equal(storableText('abcdef', 3), 'abc…');
  });
});

describe('payloadExcerpt', () => {
  it('given invalid UTF-8 and a NUL, then the excerpt is storable text', () => {
    assert.equal(payloadExcerpt(new Uint8Array([0x61, 0xff, 0x00, 0x62])), 'a\uFFFD\\u0000b');
  });
  it('given a payload larger than the excerpt, then only its head is kept, with the total size', () => {
    const excerpt = payloadExcerpt(new Uint8Array(10_000).fill(0x78));
    assert.equal(excerpt, `${'x'.repeat(PAYLOAD_EXCERPT_BYTES)}… (10000 bytes)`);
  });
});
