/**
 * The few protobuf messages the benchmarks' load clients speak, written by hand so the load side is independent of the
 * server's codecs and of grpc-js: a SotW `DiscoveryRequest`, the fields of a `DiscoveryResponse` a client needs, the
 * certificate inside an SDS `Secret`, and gRPC's length-prefixed framing.
 */

function varint(value: number): number[] {
  const bytes: number[] = [];
  let v = value;
  while (v > 127) {
    bytes.push((v & 127) | 128);
    v >>>= 7;
  }
  bytes.push(v);
  return bytes;
}

function lengthDelimited(field: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(field << 3) | 2, ...varint(payload.length)]), payload]);
}

const str = (field: number, value: string): Buffer => (value === '' ? Buffer.alloc(0) : lengthDelimited(field, Buffer.from(value)));

/** DiscoveryRequest{version_info=1, node=2{id=1}, resource_names=3, type_url=4, response_nonce=5}. */
export function discoveryRequest(r: {
  readonly nodeId?: string;
  readonly version: string;
  readonly names: readonly string[];
  readonly typeUrl: string;
  readonly nonce: string;
}): Buffer {
  return Buffer.concat([
    str(1, r.version),
    r.nodeId === undefined ? Buffer.alloc(0) : lengthDelimited(2, str(1, r.nodeId)),
    ...r.names.map((name) => str(3, name)),
    str(4, r.typeUrl),
    str(5, r.nonce),
  ]);
}

/** The length-delimited fields of a message as [field number, bytes]; other wire types are skipped. */
function* lengthDelimitedFields(bytes: Buffer): Generator<readonly [number, Buffer]> {
  let pos = 0;
  const readVarint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[pos++] ?? 0;
      result += (byte & 127) * 2 ** shift;
      if (byte < 128) return result;
      shift += 7;
    }
  };
  while (pos < bytes.length) {
    const tag = readVarint();
    const wire = tag & 7;
    if (wire === 0) readVarint();
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const length = readVarint();
      yield [tag >>> 3, bytes.subarray(pos, pos + length)];
      pos += length;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
}

export interface ParsedResponse {
  readonly version: string;
  readonly nonce: string;
  readonly typeUrl: string;
  /** Each resource's `Any.value`. */
  readonly resources: readonly Buffer[];
}

/** DiscoveryResponse{version_info=1, resources=2 (Any{type_url=1, value=2}), type_url=4, nonce=5}. */
export function parseResponse(bytes: Buffer): ParsedResponse {
  let version = '';
  let nonce = '';
  let typeUrl = '';
  const resources: Buffer[] = [];
  for (const [field, value] of lengthDelimitedFields(bytes)) {
    if (field === 1) version = value.toString();
    else if (field === 2) {
      for (const [anyField, anyValue] of lengthDelimitedFields(value)) if (anyField === 2) resources.push(anyValue);
    } else if (field === 4) typeUrl = value.toString();
    else if (field === 5) nonce = value.toString();
  }
  return { version, nonce, typeUrl, resources };
}

/** The name and, for a `tls_certificate` Secret, the certificate chain: Secret{name=1, tls_certificate=2{certificate_chain=1{inline_bytes=2|inline_string=3}}}. */
export function parseSecret(bytes: Buffer): { readonly name: string; readonly certificateChain: Buffer | undefined } {
  let name = '';
  let certificateChain: Buffer | undefined;
  for (const [field, value] of lengthDelimitedFields(bytes)) {
    if (field === 1) name = value.toString();
    else if (field === 2)
      for (const [tlsField, tlsValue] of lengthDelimitedFields(value))
        if (tlsField === 1)
          for (const [sourceField, sourceValue] of lengthDelimitedFields(tlsValue))
            if (sourceField === 2 || sourceField === 3) certificateChain = sourceValue;
  }
  return { name, certificateChain };
}

/** gRPC length-prefixed message framing. */
export function frame(message: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(message.length, 1);
  return Buffer.concat([header, message]);
}

/** Splits a gRPC byte stream into messages; feed it every chunk. */
export function messageReader(onMessage: (message: Buffer) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= 5) {
      const length = pending.readUInt32BE(1);
      if (pending.length < 5 + length) break;
      const message = pending.subarray(5, 5 + length);
      pending = pending.subarray(5 + length);
      onMessage(message);
    }
  };
}
