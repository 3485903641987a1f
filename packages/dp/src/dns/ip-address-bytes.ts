import { isIPv4, isIPv6 } from 'node:net';

/** An IPv4 address as the 4 bytes of an A record; `undefined` when it is not one. */
export function ipv4Bytes(address: string): Buffer | undefined {
  if (!isIPv4(address)) return undefined;
  return Buffer.from(address.split('.').map(Number));
}

/**
 * An IPv6 address as the 16 bytes of an AAAA record (`::` expanded, an embedded IPv4 tail such as
 * `::ffff:1.2.3.4` allowed); `undefined` when it is not one (zone indexes included).
 */
export function ipv6Bytes(address: string): Buffer | undefined {
  if (!isIPv6(address) || address.includes('%')) return undefined;
  let text = address;
  const embedded = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (embedded !== null) {
    const v4 = ipv4Bytes(embedded[2] ?? '') ?? Buffer.alloc(4);
    text = `${embedded[1] ?? ''}${v4.readUInt16BE(0).toString(16)}:${v4.readUInt16BE(2).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...new Array<string>(zeros).fill('0'), ...right];
  if (groups.length !== 8) return undefined;
  const out = Buffer.alloc(16);
  groups.forEach((group, i) => out.writeUInt16BE(parseInt(group, 16), i * 2));
  return out;
}
