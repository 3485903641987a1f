import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { connect } from 'node:tls';
import { MAX_CLIENT_HELLO_BYTES, MAX_PEEK_BYTES, readClientHello } from './client-hello.js';

/** The first flight a real TLS client (Node's OpenSSL) sends with `servername`, captured off the wire. */
async function realClientHello(servername: string | undefined): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const server = createServer((socket) => {
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (readClientHello(Buffer.concat(chunks)).kind !== 'more') socket.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => {
    const client = connect({ host: '127.0.0.1', port, ...(servername === undefined ? {} : { servername }), ALPNProtocols: ['h2'] });
    client.on('error', () => resolve());
    client.on('close', () => resolve());
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return Buffer.concat(chunks);
}

const u16 = (n: number): Buffer => Buffer.from([n >> 8, n & 0xff]);
const u24 = (n: number): Buffer => Buffer.from([n >> 16, (n >> 8) & 0xff, n & 0xff]);

/** A minimal ClientHello body with the given extensions block (undefined: none at all). */
function helloBody(extensions: Buffer | undefined): Buffer {
  const fixed = Buffer.concat([
    Buffer.from([3, 3]),
    Buffer.alloc(32),
    Buffer.from([0]),
    u16(2),
    Buffer.from([0x13, 0x01]),
    Buffer.from([1, 0]),
  ]);
  return extensions === undefined ? fixed : Buffer.concat([fixed, u16(extensions.length), extensions]);
}

function serverNameExtension(...names: (string | Buffer)[]): Buffer {
  const list = Buffer.concat(names.map((name) => Buffer.concat([Buffer.from([0]), u16(Buffer.from(name).length), Buffer.from(name)])));
  const data = Buffer.concat([u16(list.length), list]);
  return Buffer.concat([u16(0), u16(data.length), data]);
}

const handshake = (body: Buffer, type = 1): Buffer => Buffer.concat([Buffer.from([type]), u24(body.length), body]);

/** `message` framed as handshake records of at most `size` payload bytes each. */
function records(message: Buffer, size = 1 << 14): Buffer {
  const out: Buffer[] = [];
  for (let at = 0; at < message.length; at += size) {
    const part = message.subarray(at, at + size);
    out.push(Buffer.from([0x16, 3, 1]), u16(part.length), part);
  }
  return Buffer.concat(out);
}

/** The handshake message inside a real client's first flight (its records' payloads joined). */
function unframe(flight: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at + 5 <= flight.length;) {
    const length = flight.readUInt16BE(at + 3);
    parts.push(flight.subarray(at + 5, at + 5 + length));
    at += 5 + length;
  }
  return Buffer.concat(parts);
}

describe('readClientHello', () => {
  it('given a real client’s ClientHello with Kuma’s SNI, then it reads the server name', async () => {
    const flight = await realClientHello('greeter{mesh=secure}');
    assert.deepEqual(readClientHello(flight), { kind: 'hello', serverName: 'greeter{mesh=secure}' });
  });

  it('given a real ClientHello arriving byte by byte, then it asks for more until the last byte and then reads it', async () => {
    const flight = await realClientHello('greeter');
    for (let length = 0; length < flight.length; length++) {
      assert.deepEqual(readClientHello(flight.subarray(0, length)), { kind: 'more' }, `after ${length} bytes`);
    }
    assert.deepEqual(readClientHello(flight), { kind: 'hello', serverName: 'greeter' });
  });

  it('given a ClientHello fragmented over many records, then it reassembles it', async () => {
    const message = unframe(await realClientHello('backend.mesh'));
    for (const size of [1, 3, 4, 5, 100]) {
      assert.deepEqual(readClientHello(records(message, size)), { kind: 'hello', serverName: 'backend.mesh' }, `records of ${size}`);
    }
  });

  it('given bytes after the ClientHello (a following record), then they are ignored', () => {
    const flight = Buffer.concat([records(handshake(helloBody(serverNameExtension('a')))), Buffer.from([0x17, 3, 3, 0, 1, 0])]);
    assert.deepEqual(readClientHello(flight), { kind: 'hello', serverName: 'a' });
  });

  it('given a ClientHello without SNI, then the server name is undefined', async () => {
    // Node sends no SNI for an IP address
    assert.deepEqual(readClientHello(await realClientHello(undefined)), { kind: 'hello', serverName: undefined });
    assert.deepEqual(readClientHello(records(handshake(helloBody(undefined)))), { kind: 'hello', serverName: undefined });
    assert.deepEqual(readClientHello(records(handshake(helloBody(Buffer.alloc(0))))), { kind: 'hello', serverName: undefined });
  });

  it('given several host names or upper case, then the first host_name, lower-cased', () => {
    assert.deepEqual(readClientHello(records(handshake(helloBody(serverNameExtension('Greeter', 'other'))))), {
      kind: 'hello',
      serverName: 'greeter',
    });
  });

  it('given plaintext (the HTTP/2 preface, HTTP/1) or an empty buffer, then not TLS or more', () => {
    assert.deepEqual(readClientHello(Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')), { kind: 'not-tls' });
    assert.deepEqual(readClientHello(Buffer.from('GET / HTTP/1.1\r\n')), { kind: 'not-tls' });
    assert.deepEqual(readClientHello(Buffer.alloc(0)), { kind: 'more' });
  });

  const invalidCases: [string, Buffer][] = [
    ['an SSL 2 record version', Buffer.from([0x16, 2, 0, 0, 4, 1, 0, 0, 0])],
    ['an empty record', Buffer.from([0x16, 3, 1, 0, 0])],
    ['a record longer than 2^14', Buffer.concat([Buffer.from([0x16, 3, 1]), u16((1 << 14) + 1)])],
    ['a ServerHello instead', records(handshake(helloBody(undefined), 2))],
    [
      'an alert record in the middle',
      Buffer.concat([records(handshake(helloBody(undefined)).subarray(0, 6)), Buffer.from([0x15, 3, 1, 0, 2, 2, 40])]),
    ],
    ['a truncated body', records(handshake(helloBody(undefined).subarray(0, 20)))],
    ['an odd cipher_suites length', records(handshake(Buffer.concat([Buffer.alloc(35), u16(3), Buffer.alloc(3), Buffer.from([1, 0])])))],
    ['no compression method', records(handshake(Buffer.concat([Buffer.alloc(35), u16(2), Buffer.alloc(2), Buffer.from([0])])))],
    ['an extensions length past the end', records(handshake(Buffer.concat([helloBody(undefined), u16(10), Buffer.alloc(4)])))],
    ['a truncated extension', records(handshake(helloBody(Buffer.concat([u16(0), u16(9), Buffer.alloc(2)]))))],
    ['the server_name extension twice', records(handshake(helloBody(Buffer.concat([serverNameExtension('a'), serverNameExtension('b')]))))],
    ['a host_name with a NUL byte', records(handshake(helloBody(serverNameExtension(Buffer.from('a\0b')))))],
    ['an empty host_name', records(handshake(helloBody(serverNameExtension(''))))],
    ['a host_name over 255 bytes', records(handshake(helloBody(serverNameExtension('a'.repeat(256)))))],
    [
      'a server_name list longer than its extension',
      records(handshake(helloBody(Buffer.concat([u16(0), u16(4), u16(9), Buffer.alloc(2)])))),
    ],
  ];
  for (const [name, bytes] of invalidCases) {
    it(`given ${name}, then it is invalid`, () => {
      assert.equal(readClientHello(bytes).kind, 'invalid');
    });
  }

  it('given a ClientHello that announces more than 64 KiB, then it is invalid at once, before the bytes arrive', () => {
    const head = Buffer.concat([Buffer.from([0x16, 3, 1]), u16(4), Buffer.from([1]), u24(MAX_CLIENT_HELLO_BYTES)]);
    const result = readClientHello(head);
    assert.equal(result.kind, 'invalid');
    assert.match(result.kind === 'invalid' ? result.reason : '', /exceeds/);
  });

  it('given a 64 KiB ClientHello in full records, then it is read; in 1-byte records it is refused once the buffer is full', () => {
    // a ClientHello of exactly the limit
    const fill = MAX_CLIENT_HELLO_BYTES - handshake(helloBody(Buffer.concat([serverNameExtension('big'), u16(0xffa5), u16(0)]))).length;
    const exact = handshake(helloBody(Buffer.concat([serverNameExtension('big'), u16(0xffa5), u16(fill), Buffer.alloc(fill)])));
    assert.equal(exact.length, MAX_CLIENT_HELLO_BYTES);
    assert.deepEqual(readClientHello(records(exact)), { kind: 'hello', serverName: 'big' });
    const trickle = records(exact, 1);
    const result = readClientHello(trickle.subarray(0, MAX_PEEK_BYTES));
    assert.equal(result.kind, 'invalid');
    assert.deepEqual(readClientHello(trickle.subarray(0, MAX_PEEK_BYTES - 1)), { kind: 'more' });
  });

  it('given random bytes after a handshake record header, then it never throws', () => {
    for (let i = 0; i < 2_000; i++) {
      const noise = randomBytes(1 + (i % 300));
      noise[0] = 0x16;
      if (i % 2 === 0 && noise.length > 2) noise[1] = 3;
      const result = readClientHello(noise);
      assert.ok(['more', 'invalid', 'hello'].includes(result.kind));
    }
  });
});
