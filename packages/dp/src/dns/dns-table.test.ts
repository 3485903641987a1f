import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DnsTable, dnsTableResponseSchema } from './dns-table.js';

describe('DnsTable', () => {
  const table = DnsTable.fromResponse({
    ttl: 30,
    records: [
      { name: 'Backend.Mesh', ips: ['240.0.0.1', '240.0.0.1', 'fd00::1', 'not-an-ip'] },
      { name: 'web.mesh.', ips: ['240.0.0.2'] },
    ],
  });

  it('given mixed-case names and a trailing dot, when looked up, then the match ignores case and the dot', () => {
    assert.equal(table.lookup('backend.mesh')?.ipv4.length, 1);
    assert.equal(table.lookup('BACKEND.MESH.')?.ttl, 30);
    assert.deepEqual([...(table.lookup('web.mesh')?.ipv4[0] ?? [])], [240, 0, 0, 2]);
  });

  it('given duplicate and invalid addresses, when built, then each address appears once and invalid ones are left out', () => {
    const entry = table.lookup('backend.mesh');
    assert.deepEqual(entry?.ipv4.map((b) => [...b].join('.')), ['240.0.0.1']);
    assert.equal(entry?.ipv6.length, 1);
  });

  it('given a name not in the table, when looked up, then undefined', () => {
    assert.equal(table.lookup('db.mesh'), undefined);
    assert.equal(DnsTable.empty.size, 0);
  });

  it('given the CP payload, when validated, then a wrong shape is rejected and extra fields are ignored', () => {
    assert.equal(dnsTableResponseSchema.safeParse({ ttl: 30, records: [{ name: 'a.mesh', ips: ['1.1.1.1'] }], extra: 1 }).success, true);
    assert.equal(dnsTableResponseSchema.safeParse({ ttl: -1, records: [] }).success, false);
    assert.equal(dnsTableResponseSchema.safeParse({ ttl: 30, records: [{ name: 'a.mesh', ips: '1.1.1.1' }] }).success, false);
  });
});
