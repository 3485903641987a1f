import { type Socket as UdpSocket, createSocket } from 'node:dgram';
import { type Server, createServer } from 'node:net';

/**
 * A tiny upstream resolver for tests, independent of the code under test: it answers every query, over
 * UDP and TCP on the same port, with one A record `answerIp` (TTL 60) for the question's name — or
 * not at all when `silent`. It records the packets it received.
 */
export class TestDnsUpstream {
  readonly received: Buffer[] = [];
  silent = false;
  answerIp = [192, 0, 2, 1];
  private udp: UdpSocket | undefined;
  private tcp: Server | undefined;
  port = 0;

  /** Binds UDP on a free port, then TCP on the same number (another port when that one is taken). */
  async start(): Promise<number> {
    for (;;) {
      const udp = createSocket('udp4');
      await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
      const port = udp.address().port;
      const tcp = createServer((socket) => {
        socket.on('data', (chunk: Buffer) => {
          const reply = this.reply(chunk.subarray(2));
          if (reply === undefined) return;
          const prefix = Buffer.alloc(2);
          prefix.writeUInt16BE(reply.length);
          socket.write(Buffer.concat([prefix, reply]));
        });
        socket.on('error', () => undefined);
      });
      const listening = await new Promise<boolean>((resolve) => {
        tcp.once('error', () => resolve(false));
        tcp.listen(port, '127.0.0.1', () => resolve(true));
      });
      if (!listening) {
        udp.close();
        continue;
      }
      udp.on('message', (packet, from) => {
        const reply = this.reply(packet);
        if (reply !== undefined) udp.send(reply, from.port, from.address);
      });
      this.udp = udp;
      this.tcp = tcp;
      this.port = port;
      return port;
    }
  }

  async stop(): Promise<void> {
    const udp = this.udp;
    const tcp = this.tcp;
    if (udp !== undefined) await new Promise<void>((resolve) => udp.close(() => resolve()));
    if (tcp !== undefined) await new Promise<void>((resolve) => tcp.close(() => resolve()));
  }

  private reply(query: Buffer): Buffer | undefined {
    this.received.push(Buffer.from(query));
    if (this.silent || query.length < 12) return undefined;
    let end = 12;
    while (end < query.length && query[end] !== 0) end += (query[end] ?? 0) + 1;
    const question = query.subarray(12, end + 5);
    const header = Buffer.from(query.subarray(0, 12));
    header.writeUInt16BE(0x8180, 2); // response, RD, RA, NOERROR
    header.writeUInt16BE(1, 6); // one answer
    header.writeUInt32BE(0, 8); // no authority / additional records
    const answer = Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, ...this.answerIp]);
    return Buffer.concat([header, question, answer]);
  }
}
