import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildQuery, parseResponse } from '../test-support/dns-wire.js';
import { type DnsQueryHandlerDeps, handleDnsPacket } from './dns-query-handler.js';
import { DnsTable } from './dns-table.js';

const table = DnsTable.fromResponse({ ttl: 30, records: [{ name: 'backend.mesh', ips: ['240.0.0.1', '240.0.0.2'] }] });
const UPSTREAM_REPLY = Buffer.from('upstream reply');

/** An upstream that records what it was sent and answers with a fixed reply (or fails). */
function upstream(fails = false) {
  const sent: Buffer[] = [];
  const deps: DnsQueryHandlerDeps = {
    table: () => table,
    forward: (packet) => {
      sent.push(packet);
      return fails ? Promise.reject(new Error('timeout')) : Promise.resolve(UPSTREAM_REPLY);
    },
  };
  return { sent, deps };
}

describe('handleDnsPacket', () => {
  it('given an A query for a table name in any case, when handled, then it is answered locally with every VIP and the table TTL', async () => {
    const { sent, deps } = upstream();
    const { reply, outcome } = await handleDnsPacket(buildQuery('BACKEND.mesh', 1), deps);
    assert.equal(outcome, 'local');
    assert.deepEqual(parseResponse(reply ?? Buffer.alloc(0)).answers, [
      { type: 1, ttl: 30, data: '240.0.0.1' },
      { type: 1, ttl: 30, data: '240.0.0.2' },
    ]);
    assert.equal(sent.length, 0);
  });

  it('given an AAAA query for a table name, when handled, then an empty NOERROR answer, not forwarded', async () => {
    const { sent, deps } = upstream();
    const { reply, outcome } = await handleDnsPacket(buildQuery('backend.mesh', 28), deps);
    const parsed = parseResponse(reply ?? Buffer.alloc(0));
    assert.deepEqual([outcome, parsed.rcode, parsed.answers.length, sent.length], ['local', 0, 0, 0]);
  });

  it('given a query for another name, when handled, then the packet goes upstream verbatim and the reply comes back verbatim', async () => {
    const { sent, deps } = upstream();
    const packet = buildQuery('example.com', 1);
    const { reply, outcome } = await handleDnsPacket(packet, deps);
    assert.equal(outcome, 'forwarded');
    assert.deepEqual(sent, [packet]);
    assert.deepEqual(reply, UPSTREAM_REPLY);
  });

  it('given a table name asked in class CH, when handled, then it is not answered locally', async () => {
    const { sent, deps } = upstream();
    await handleDnsPacket(buildQuery('backend.mesh', 1, { qclass: 3 }), deps);
    assert.equal(sent.length, 1);
  });

  it('given an upstream that fails, when handled, then SERVFAIL echoing id and question', async () => {
    const { deps } = upstream(true);
    const { reply, outcome } = await handleDnsPacket(buildQuery('example.com', 1, { id: 9 }), deps);
    const parsed = parseResponse(reply ?? Buffer.alloc(0));
    assert.deepEqual([outcome, parsed.id, parsed.rcode, parsed.questions], ['servfail', 9, 2, 1]);
  });

  it('given a malformed query, when handled, then FORMERR; given garbage, then no reply at all', async () => {
    const { sent, deps } = upstream();
    const twoQuestions = buildQuery('a.mesh', 1, { id: 3 });
    twoQuestions.writeUInt16BE(2, 4);
    const formErr = await handleDnsPacket(twoQuestions, deps);
    assert.deepEqual([formErr.outcome, parseResponse(formErr.reply ?? Buffer.alloc(0)).rcode], ['formerr', 1]);
    assert.deepEqual(await handleDnsPacket(Buffer.from([1, 2, 3]), deps), { reply: undefined, outcome: 'dropped' });
    assert.equal(sent.length, 0);
  });
});
