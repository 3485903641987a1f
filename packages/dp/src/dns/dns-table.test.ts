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
    assert.deepEqual(
      entry?.ipv4.map((b) => [...b].join('.')),
      ['240.0.0.1'],
    );
    assert.equal(entry?.ipv6.length, 1);
  });

  describe('address bytes for A and AAAA records', () => {
    const entryFor = (ip: string) => DnsTable.fromResponse({ ttl: 30, records: [{ name: 'a.mesh', ips: [ip] }] }).lookup('a.mesh');

    it('given dotted quads, when built, then four bytes; given anything else, then no A address', () => {
      assert.deepEqual([...(entryFor('240.0.0.1')?.ipv4[0] ?? [])], [240, 0, 0, 1]);
      assert.equal(entryFor('256.0.0.1')?.ipv4.length, 0);
      assert.equal(entryFor('::1')?.ipv4.length, 0);
    });

    const cases: [string, string | undefined][] = [
      ['::1', '00000000000000000000000000000001'],
      ['::', '00000000000000000000000000000000'],
      ['fd00::1:2', 'fd000000000000000000000000010002'],
      ['2001:db8:0:0:1:0:0:1', '20010db8000000000001000000000001'],
      ['fe80::', 'fe800000000000000000000000000000'],
      ['::ffff:10.0.0.1', '00000000000000000000ffff0a000001'],
      ['64:ff9b::192.0.2.33', '0064ff9b0000000000000000c0000221'],
      ['::1.2.3.4', '00000000000000000000000001020304'], // IPv4-compatible, not IPv4-mapped
      ['fe80::1%eth0', undefined],
      ['10.0.0.1', undefined],
    ];
    for (const [address, expected] of cases) {
      it(`given ${address}, when built, then its AAAA bytes are ${expected ?? 'none'}`, () => {
        const ipv6 = entryFor(address)?.ipv6 ?? [];
        assert.equal(ipv6.length, expected === undefined ? 0 : 1);
        assert.equal(ipv6[0]?.toString('hex'), expected);
      });
    }
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
