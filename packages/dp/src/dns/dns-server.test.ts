import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { buildQuery, parseResponse } from '../test-support/dns-wire.js';
import { TestDnsUpstream } from '../test-support/test-dns-upstream.js';
import { DnsListenError, DnsServer } from './dns-server.js';
import { DnsTable } from './dns-table.js';

const logger = pino({ level: 'silent' });

/** Sends one raw UDP packet and waits for one reply (or `undefined` after `waitMs`). */
function sendUdp(port: number, packet: Buffer, waitMs = 1_000): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      resolve(undefined);
    }, waitMs);
    socket.on('message', (reply) => {
      clearTimeout(timer);
      socket.close();
      resolve(reply);
    });
    socket.send(packet, port, '127.0.0.1');
  });
}

/** Sends framed queries over one TCP connection and collects `count` framed replies. */
function sendTcp(port: number, packets: Buffer[], count: number): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let buffer = Buffer.alloc(0);
    const replies: Buffer[] = [];
    socket.on('connect', () => {
      for (const packet of packets) {
        const prefix = Buffer.alloc(2);
        prefix.writeUInt16BE(packet.length);
        socket.write(Buffer.concat([prefix, packet]));
      }
    });
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 2 && buffer.length >= 2 + buffer.readUInt16BE(0)) {
        replies.push(buffer.subarray(2, 2 + buffer.readUInt16BE(0)));
        buffer = buffer.subarray(2 + buffer.readUInt16BE(0));
      }
      if (replies.length >= count) {
        socket.destroy();
        resolve(replies);
      }
    });
    socket.on('error', reject);
  });
}

describe('DnsServer', () => {
  const upstream = new TestDnsUpstream();
  let table = DnsTable.fromResponse({ ttl: 30, records: [{ name: 'backend.mesh', ips: ['240.0.0.1'] }] });
  let server: DnsServer;
  let port = 0;
  let resolver: Resolver;

  before(async () => {
    await upstream.start();
    server = new DnsServer({
      port: 0,
      upstream: { host: '127.0.0.1', port: upstream.port },
      table: () => table,
      logger,
      forwardTimeoutMs: 300,
    });
    port = await server.start();
    resolver = new Resolver({ timeout: 2_000, tries: 1 });
    resolver.setServers([`127.0.0.1:${port}`]);
  });
  after(async () => {
    await server.stop();
    await upstream.stop();
  });

  it('given a mesh name in the table, when a real resolver asks for A, then it gets the VIP and TTL without the upstream', async () => {
    const before = upstream.received.length;
    assert.deepEqual(await resolver.resolve4('Backend.Mesh', { ttl: true }), [{ address: '240.0.0.1', ttl: 30 }]);
    assert.equal(upstream.received.length, before);
  });

  it('given a mesh name, when a real resolver asks for AAAA, then NOERROR with no data (ENODATA)', async () => {
    await assert.rejects(resolver.resolve6('backend.mesh'), { code: 'ENODATA' });
  });

  it('given a name outside the mesh, when asked, then the upstream answers through the resolver', async () => {
    assert.deepEqual(await resolver.resolve4('example.com'), ['192.0.2.1']);
    assert.ok(upstream.received.some((packet) => packet.includes(Buffer.from('example'))));
  });

  it('given a new table, when asked again, then the new VIP is served at once', async () => {
    table = DnsTable.fromResponse({ ttl: 5, records: [{ name: 'backend.mesh', ips: ['240.0.0.9'] }] });
    assert.deepEqual(await resolver.resolve4('backend.mesh', { ttl: true }), [{ address: '240.0.0.9', ttl: 5 }]);
  });

  it('given TCP queries on one connection, when sent, then each is answered: mesh names locally, others via upstream TCP', async () => {
    const replies = await sendTcp(port, [buildQuery('backend.mesh', 1, { id: 1 }), buildQuery('example.org', 1, { id: 2 })], 2);
    const byId = new Map(replies.map((reply) => [parseResponse(reply).id, parseResponse(reply)]));
    assert.equal(byId.get(1)?.answers[0]?.data, '240.0.0.9');
    assert.equal(byId.get(2)?.answers[0]?.data, '192.0.2.1');
  });

  it('given malformed packets, when sent, then FORMERR or silence, and the server keeps answering', async () => {
    const twoQuestions = buildQuery('a.mesh', 1, { id: 11 });
    twoQuestions.writeUInt16BE(2, 4);
    assert.equal(parseResponse((await sendUdp(port, twoQuestions)) ?? Buffer.alloc(12)).rcode, 1);
    assert.equal(await sendUdp(port, Buffer.from([1, 2, 3]), 200), undefined);
    assert.deepEqual(await resolver.resolve4('backend.mesh'), ['240.0.0.9']);
  });

  it('given an upstream that does not answer, when asked for an outside name, then SERVFAIL', async () => {
    upstream.silent = true;
    try {
      const reply = await sendUdp(port, buildQuery('slow.example', 1, { id: 21 }), 2_000);
      assert.deepEqual([parseResponse(reply ?? Buffer.alloc(12)).id, parseResponse(reply ?? Buffer.alloc(12)).rcode], [21, 2]);
    } finally {
      upstream.silent = false;
    }
  });

  it('given the port is taken, when a second server starts on it, then DnsListenError names the address', async () => {
    const second = new DnsServer({ port, upstream: { host: '127.0.0.1', port: upstream.port }, table: () => table, logger });
    await assert.rejects(second.start(), (error: unknown) => {
      assert.ok(error instanceof DnsListenError);
      assert.match(error.message, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`));
      return true;
    });
  });
});
