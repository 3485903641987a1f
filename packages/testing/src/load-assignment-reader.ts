/**
 * Reads an Envoy `ClusterLoadAssignment` (envoy.config.endpoint.v3) from its protobuf bytes: just
 * what tests and benchmarks look at (addresses, weights, localities), decoded by hand from the wire
 * format so it depends on none of the server's codecs.
 */

export interface LoadAssignmentEndpoint {
  /** `socket_address.address`. */
  readonly address: string;
  readonly port: number;
  /** `LbEndpoint.load_balancing_weight`; `undefined` when unset. */
  readonly weight: number | undefined;
  /** `locality.zone` of its group; `undefined` without a locality. */
  readonly zone: string | undefined;
  readonly priority: number;
  /** The group's `load_balancing_weight`. */
  readonly localityWeight: number | undefined;
}

export interface LoadAssignment {
  readonly clusterName: string;
  /** Every endpoint of every locality group, in the order sent. */
  readonly endpoints: readonly LoadAssignmentEndpoint[];
}

/** `google.protobuf.Any.type_url` of a ClusterLoadAssignment. */
export const CLUSTER_LOAD_ASSIGNMENT_TYPE_URL = 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment';

type Field = { readonly number: number; readonly varint?: number; readonly bytes?: Uint8Array };

/** The fields of one message, in wire order; fixed32/fixed64 values are skipped. */
function fields(bytes: Uint8Array): Field[] {
  const out: Field[] = [];
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (;;) {
      if (pos >= bytes.length) throw new Error('truncated varint');
      const byte = bytes[pos++] ?? 0;
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
  };
  while (pos < bytes.length) {
    const tag = varint();
    const number = Math.floor(tag / 8);
    const wire = tag % 8;
    if (wire === 0) out.push({ number, varint: varint() });
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const length = varint();
      out.push({ number, bytes: bytes.subarray(pos, pos + length) });
      pos += length;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
}

const text = (bytes: Uint8Array | undefined): string => (bytes === undefined ? '' : new TextDecoder().decode(bytes));
const messages = (all: readonly Field[], number: number): Uint8Array[] =>
  all.filter((f) => f.number === number && f.bytes !== undefined).map((f) => f.bytes as Uint8Array);
const message = (all: readonly Field[], number: number): Uint8Array | undefined => messages(all, number).at(-1);
const uint = (all: readonly Field[], number: number): number | undefined => all.filter((f) => f.number === number).at(-1)?.varint;
/** A `google.protobuf.UInt32Value` field: its `value` (1), 0 when the wrapper is present but empty. */
const wrappedUint = (all: readonly Field[], number: number): number | undefined => {
  const wrapper = message(all, number);
  return wrapper === undefined ? undefined : (uint(fields(wrapper), 1) ?? 0);
};

export function readClusterLoadAssignment(bytes: Uint8Array): LoadAssignment {
  const cla = fields(bytes);
  const endpoints: LoadAssignmentEndpoint[] = [];
  // ClusterLoadAssignment{cluster_name=1, endpoints=2 LocalityLbEndpoints}
  for (const groupBytes of messages(cla, 2)) {
    // LocalityLbEndpoints{locality=1 {region=1, zone=2}, lb_endpoints=2, load_balancing_weight=3, priority=5}
    const group = fields(groupBytes);
    const locality = message(group, 1);
    const zone = locality === undefined ? undefined : text(message(fields(locality), 2));
    const priority = uint(group, 5) ?? 0;
    const localityWeight = wrappedUint(group, 3);
    for (const lbBytes of messages(group, 2)) {
      // LbEndpoint{endpoint=1 {address=1 {socket_address=1 {address=2, port_value=3}}}, load_balancing_weight=4}
      const lb = fields(lbBytes);
      const endpoint = message(lb, 1);
      const address = endpoint === undefined ? undefined : message(fields(endpoint), 1);
      const socket = address === undefined ? undefined : message(fields(address), 1);
      const socketFields = socket === undefined ? [] : fields(socket);
      endpoints.push({
        address: text(message(socketFields, 2)),
        port: uint(socketFields, 3) ?? 0,
        weight: wrappedUint(lb, 4),
        zone,
        priority,
        localityWeight,
      });
    }
  }
  return { clusterName: text(message(cla, 1)), endpoints };
}
