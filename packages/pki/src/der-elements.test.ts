import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { createBuiltinCa } from './builtin-ca.js';
import { derChildren, derElement, derTag } from './der-elements.js';

describe('DER elements', () => {
  it('given a certificate, then its three elements framed again are the certificate, byte for byte', async () => {
    const der = new X509Certificate((await createBuiltinCa({ mesh: 'default' })).certPem).raw;

    const children = derChildren(der);

    assert.deepEqual(children.map(derTag), [0x30, 0x30, 0x03]);
    assert.ok(der.length > 256, 'long-form lengths');
    assert.deepEqual(derElement(0x30, ...children), der);
  });

  it('frames short and long contents with the shortest length', () => {
    assert.deepEqual(derElement(0x04, Buffer.alloc(3)), Buffer.from('0403000000', 'hex'));
    assert.deepEqual(derElement(0x04, Buffer.alloc(200)).subarray(0, 3), Buffer.from('0481c8', 'hex'));
    assert.deepEqual(derElement(0x04, Buffer.alloc(300)).subarray(0, 4), Buffer.from('0482012c', 'hex'));
    assert.deepEqual(
      derChildren(derElement(0x30, derElement(0x04, Buffer.alloc(300)), derElement(0x05))).map((c) => c.length),
      [304, 2],
    );
  });

  it('refuses an element that runs past the end', () => {
    assert.throws(() => derChildren(Buffer.from('3005040300', 'hex')), RangeError);
  });
});
