/**
 * DNS messages written and read by hand for tests (independent of the code under test): a query for
 * one name, and the answer records of a response.
 */
export function buildQuery(name: string, type: number, options: { id?: number; flags?: number; qclass?: number } = {}): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(options.id ?? 0x1234, 0);
  header.writeUInt16BE(options.flags ?? 0x0100, 2); // RD
  header.writeUInt16BE(1, 4);
  const labels = name === '' ? [] : name.split('.');
  const qname = Buffer.concat([...labels.map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'latin1')])), Buffer.from([0])]);
  const tail = Buffer.alloc(4);
  tail.writeUInt16BE(type, 0);
  tail.writeUInt16BE(options.qclass ?? 1, 2);
  return Buffer.concat([header, qname, tail]);
}

export interface ParsedResponse {
  readonly id: number;
  readonly flags: number;
  readonly rcode: number;
  readonly questions: number;
  readonly answers: readonly { readonly type: number; readonly ttl: number; readonly data: string }[];
}

/** Reads a response's header and answers; answer names must be compression pointers or plain labels. */
export function parseResponse(message: Buffer): ParsedResponse {
  const questions = message.readUInt16BE(4);
  let offset = 12;
  const skipName = (): void => {
    while ((message[offset] ?? 0) !== 0) {
      if (((message[offset] ?? 0) & 0xc0) === 0xc0) {
        offset += 2;
        return;
      }
      offset += (message[offset] ?? 0) + 1;
    }
    offset += 1;
  };
  for (let i = 0; i < questions; i++) {
    skipName();
    offset += 4;
  }
  const answers = [];
  for (let i = 0; i < message.readUInt16BE(6); i++) {
    skipName();
    const type = message.readUInt16BE(offset);
    const ttl = message.readUInt32BE(offset + 4);
    const length = message.readUInt16BE(offset + 8);
    const data = message.subarray(offset + 10, offset + 10 + length);
    answers.push({ type, ttl, data: type === 1 ? [...data].join('.') : data.toString('hex') });
    offset += 10 + length;
  }
  return { id: message.readUInt16BE(0), flags: message.readUInt16BE(2), rcode: message.readUInt16BE(2) & 0x0f, questions, answers };
}
