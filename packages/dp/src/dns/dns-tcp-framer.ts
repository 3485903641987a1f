/**
 * DNS over TCP (RFC 1035 §4.2.2, RFC 7766): every message is preceded by its length as a 16-bit
 * big-endian number. Collects stream chunks and returns the complete messages in order; a message
 * split across chunks is kept until the rest arrives. Pure: no sockets.
 */
export class DnsTcpFramer {
  private buffer: Buffer = Buffer.alloc(0);

  /** `message` with its 2-byte length prefix. */
  static frame(message: Buffer): Buffer {
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16BE(message.length, 0);
    return Buffer.concat([prefix, message]);
  }

  /** Adds a chunk; returns the messages it completed (possibly none). */
  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const messages: Buffer[] = [];
    while (this.buffer.length >= 2) {
      const length = this.buffer.readUInt16BE(0);
      if (this.buffer.length < 2 + length) break;
      messages.push(Buffer.from(this.buffer.subarray(2, 2 + length)));
      this.buffer = this.buffer.subarray(2 + length);
    }
    return messages;
  }

  /** Bytes received that do not yet form a message. */
  get pending(): number {
    return this.buffer.length;
  }
}
