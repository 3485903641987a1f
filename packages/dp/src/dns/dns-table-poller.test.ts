import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { TestControlPlane } from '../test-support/test-control-plane.js';
import { DnsTablePoller } from './dns-table-poller.js';

const logger = pino({ level: 'silent' });

describe('DnsTablePoller', () => {
  const cp = new TestControlPlane();
  before(() => cp.listen());
  after(() => cp.close());

  it('given the CP serves a table, when polled twice, then the first poll updates and the second sends If-None-Match and gets 304', async () => {
    // given
    cp.dnsTable = { ttl: 30, records: [{ name: 'backend.mesh', ips: ['240.0.0.1'] }] };
    const poller = new DnsTablePoller({ cpAddress: cp.url, mesh: 'my mesh', logger });
    // when
    const first = await poller.refresh();
    const second = await poller.refresh();
    // then
    assert.deepEqual([first, second], ['updated', 'unchanged']);
    assert.equal(poller.table.lookup('backend.mesh')?.ipv4.length, 1);
    const dnsRequests = cp.requests.filter((r) => r.url.startsWith('/dns'));
    assert.equal(dnsRequests.at(-1)?.url, '/dns?mesh=my%20mesh');
    assert.match(String(dnsRequests.at(-1)?.headers['if-none-match']), /^".+"$/); // the ETag the CP sent, quotes and all
    assert.equal(dnsRequests.at(-2)?.headers['if-none-match'], undefined);
  });

  it('given a token, when polled, then the request carries it as authorization (the raw JWT, as on ADS); without one, none', async () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJOYW1lIjoiZHAtMSJ9.c2ln';
    await new DnsTablePoller({ cpAddress: cp.url, mesh: 'default', token, logger }).refresh();
    await new DnsTablePoller({ cpAddress: cp.url, mesh: 'default', logger }).refresh();
    const dnsRequests = cp.requests.filter((r) => r.url.startsWith('/dns'));
    assert.deepEqual(
      dnsRequests.slice(-2).map((r) => r.headers.authorization),
      [token, undefined],
    );
  });

  it('given a table change, when polled, then the new table replaces the old one', async () => {
    const poller = new DnsTablePoller({ cpAddress: cp.url, mesh: 'default', logger });
    cp.dnsTable = { ttl: 30, records: [{ name: 'a.mesh', ips: ['240.0.0.1'] }] };
    await poller.refresh();
    cp.dnsTable = { ttl: 30, records: [{ name: 'b.mesh', ips: ['240.0.0.2'] }] };
    assert.equal(await poller.refresh(), 'updated');
    assert.deepEqual([poller.table.lookup('a.mesh'), poller.table.lookup('b.mesh')?.ipv4.length], [undefined, 1]);
  });

  it('given the CP then fails (503, a bad body, unreachable), when polled, then the last good table stays', async () => {
    // given
    const poller = new DnsTablePoller({ cpAddress: cp.url, mesh: 'default', logger });
    cp.dnsTable = { ttl: 30, records: [{ name: 'backend.mesh', ips: ['240.0.0.1'] }] };
    await poller.refresh();
    // when / then
    cp.dnsReply = { status: 503, body: 'control plane is starting' };
    assert.equal(await poller.refresh(), 'failed');
    cp.dnsReply = { status: 200, contentType: 'application/json', body: '{"records":"nope"}' };
    assert.equal(await poller.refresh(), 'failed');
    assert.equal(poller.table.lookup('backend.mesh')?.ipv4.length, 1);
    cp.dnsReply = undefined;
    const unreachable = new DnsTablePoller({ cpAddress: 'http://127.0.0.1:1', mesh: 'default', logger });
    assert.equal(await unreachable.refresh(), 'failed');
    assert.equal(unreachable.table.size, 0);
  });

  it('given start(), when the CP publishes a table, then the poller picks it up by itself', async () => {
    cp.dnsTable = { ttl: 30, records: [] };
    const poller = new DnsTablePoller({ cpAddress: cp.url, mesh: 'default', logger, intervalMs: 10 });
    poller.start();
    try {
      cp.dnsTable = { ttl: 30, records: [{ name: 'late.mesh', ips: ['240.0.0.7'] }] };
      for (let i = 0; i < 500 && poller.table.lookup('late.mesh') === undefined; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(poller.table.lookup('late.mesh')?.ipv4.length, 1);
    } finally {
      poller.stop();
    }
  });
});
