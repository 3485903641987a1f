/**
 * What the first bytes of a connection say, as Envoy's TLS inspector reads them:
 *
 * - `more`: the bytes begin a TLS handshake record but the ClientHello is not complete yet; read more.
 * - `not-tls`: the first byte is not a TLS handshake record (0x16): plaintext, e.g. the HTTP/2 preface.
 * - `invalid`: TLS framing that cannot be a ClientHello (wrong record or message type, lengths that do
 *   not add up, a ClientHello larger than {@link MAX_CLIENT_HELLO_BYTES}, a malformed server_name).
 * - `hello`: a complete ClientHello; `serverName` is its SNI `host_name`, lower-cased, or `undefined`
 *   when the client sent none.
 */
export type ClientHelloResult =
  | { readonly kind: 'more' }
  | { readonly kind: 'not-tls' }
  | { readonly kind: 'invalid'; readonly reason: string }
  | { readonly kind: 'hello'; readonly serverName: string | undefined };

/** Envoy's TLS inspector default (`max_client_hello_size`): a longer ClientHello is refused. */
export const MAX_CLIENT_HELLO_BYTES = 64 * 1024;

const RECORD_HEADER = 5;
const HANDSHAKE_RECORD = 0x16;
const CLIENT_HELLO = 0x01;
/** A TLS record carries at most 2^14 bytes of plaintext (RFC 8446 §5.1); a ClientHello is never encrypted. */
const MAX_RECORD_PAYLOAD = 1 << 14;
const SERVER_NAME_EXTENSION = 0x0000;
const HOST_NAME = 0x00;
/** A DNS name is at most 255 octets. */
const MAX_HOST_NAME = 255;

/**
 * The most bytes read while a ClientHello is incomplete: the largest ClientHello plus the headers of 64 records.
 * A peer that fragments into smaller records than that (or never finishes) is refused, so a connection's
 * buffer stays bounded.
 */
export const MAX_PEEK_BYTES = MAX_CLIENT_HELLO_BYTES + 64 * 5;

const invalid = (reason: string): ClientHelloResult => ({ kind: 'invalid', reason });

/**
 * Reads the ClientHello at the start of `bytes` (everything received so far; it is not modified).
 * The handshake message may span several records (fragmentation); only as many bytes as the message
 * needs are examined, and anything past it is ignored. Never throws.
 */
export function readClientHello(bytes: Uint8Array): ClientHelloResult {
  const more: ClientHelloResult =
    bytes.length >= MAX_PEEK_BYTES ? invalid(`no complete ClientHello in ${bytes.length} bytes`) : { kind: 'more' };
  if (bytes.length === 0) return more;
  if (bytes[0] !== HANDSHAKE_RECORD) return { kind: 'not-tls' };
  // Reassemble the handshake message from the payloads of consecutive handshake records.
  const fragments: Uint8Array[] = [];
  let assembled = 0;
  let needed: number | undefined;
  let offset = 0;
  while (needed === undefined || assembled < needed) {
    if (bytes.length < offset + RECORD_HEADER) return more;
    const type = bytes[offset] ?? 0;
    const major = bytes[offset + 1] ?? 0;
    const length = readUint(bytes, offset + 3, 2);
    if (type !== HANDSHAKE_RECORD) return invalid(`record type ${type} inside the ClientHello`);
    if (major !== 3) return invalid(`record version ${major}.${bytes[offset + 2] ?? 0}`);
    if (length === 0 || length > MAX_RECORD_PAYLOAD) return invalid(`record length ${length}`);
    const start = offset + RECORD_HEADER;
    const available = Math.min(length, bytes.length - start);
    fragments.push(bytes.subarray(start, start + available));
    assembled += available;
    if (needed === undefined && assembled >= 4) {
      const head = concat(fragments, 4);
      if (head[0] !== CLIENT_HELLO) return invalid(`handshake message type ${head[0] ?? 0}, not a ClientHello`);
      needed = 4 + readUint(head, 1, 3);
      if (needed > MAX_CLIENT_HELLO_BYTES) return invalid(`ClientHello of ${needed} bytes exceeds ${MAX_CLIENT_HELLO_BYTES}`);
    }
    if (available < length) {
      if (needed !== undefined && assembled >= needed) break;
      return more;
    }
    offset = start + length;
  }
  return parseClientHelloBody(concat(fragments, needed).subarray(4));
}

/** The body of a ClientHello (RFC 8446 §4.1.2, the same layout since TLS 1.0): its SNI, if any. */
function parseClientHelloBody(body: Uint8Array): ClientHelloResult {
  const reader = new Reader(body);
  reader.skip(2 + 32); // legacy_version, random
  reader.skip(reader.uint(1)); // legacy_session_id
  const suites = reader.uint(2);
  if (suites === 0 || suites % 2 !== 0) return invalid(`cipher_suites of ${suites} bytes`);
  reader.skip(suites);
  const compressions = reader.uint(1);
  if (compressions === 0) return invalid('no compression_methods');
  reader.skip(compressions);
  if (reader.failed) return invalid('truncated ClientHello');
  if (reader.remaining === 0) return { kind: 'hello', serverName: undefined }; // no extensions at all
  const extensions = new Reader(reader.bytes(reader.uint(2)));
  if (reader.failed || reader.remaining !== 0) return invalid('extensions do not fill the ClientHello');
  let serverName: string | undefined;
  const seen = new Set<number>();
  while (extensions.remaining > 0) {
    const type = extensions.uint(2);
    const data = extensions.bytes(extensions.uint(2));
    if (extensions.failed) return invalid('truncated extension');
    if (seen.has(type)) return invalid(`extension ${type} twice`);
    seen.add(type);
    if (type !== SERVER_NAME_EXTENSION) continue;
    const parsed = parseServerName(data);
    if (typeof parsed !== 'string' && parsed !== undefined) return parsed;
    serverName = parsed;
  }
  return { kind: 'hello', serverName };
}

/** The `server_name` extension (RFC 6066 §3): its first `host_name`, lower-cased. */
function parseServerName(data: Uint8Array): string | undefined | ClientHelloResult {
  const outer = new Reader(data);
  const list = new Reader(outer.bytes(outer.uint(2)));
  if (outer.failed || outer.remaining !== 0) return invalid('malformed server_name extension');
  let hostName: string | undefined;
  while (list.remaining > 0) {
    const nameType = list.uint(1);
    const name = list.bytes(list.uint(2));
    if (list.failed) return invalid('malformed server_name list');
    if (nameType !== HOST_NAME || hostName !== undefined) continue;
    if (name.length === 0 || name.length > MAX_HOST_NAME) return invalid(`host_name of ${name.length} bytes`);
    // printable ASCII only: no NUL or control byte may reach a log line or a route lookup
    if (name.some((byte) => byte < 0x21 || byte > 0x7e)) return invalid('host_name is not printable ASCII');
    hostName = Buffer.from(name).toString('latin1').toLowerCase();
  }
  return hostName;
}

function readUint(bytes: Uint8Array, at: number, width: number): number {
  let value = 0;
  for (let i = 0; i < width; i++) value = value * 256 + (bytes[at + i] ?? 0);
  return value;
}

/** The first `length` bytes of the fragments (all of them when `length` is undefined), as one array. */
function concat(fragments: readonly Uint8Array[], length: number | undefined): Uint8Array {
  const all = Buffer.concat(fragments);
  return length === undefined ? all : all.subarray(0, length);
}

/** A bounds-checked big-endian reader: reading past the end sets `failed` and yields zeros. */
class Reader {
  private at = 0;
  failed = false;

  constructor(private readonly data: Uint8Array) {}

  get remaining(): number {
    return this.data.length - this.at;
  }

  uint(width: number): number {
    if (this.remaining < width) return this.fail(0);
    const value = readUint(this.data, this.at, width);
    this.at += width;
    return value;
  }

  bytes(length: number): Uint8Array {
    if (this.remaining < length) return this.fail(new Uint8Array());
    const slice = this.data.subarray(this.at, this.at + length);
    this.at += length;
    return slice;
  }

  skip(length: number): void {
    this.bytes(length);
  }

  private fail<T>(value: T): T {
    this.failed = true;
    this.at = this.data.length;
    return value;
  }
}
