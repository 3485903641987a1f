import { decodeDataplane } from "../resources/dataplane.js";
import { decodeDataplaneInsight } from "../resources/dataplane-insight.js";
import { decodeMesh } from "../resources/mesh.js";
import type { Resource } from "../resources/resource.js";
import { decodeZone } from "../resources/zone.js";
import { decodeZoneEgress } from "../resources/zone-egress.js";
import { decodeZoneIngress } from "../resources/zone-ingress.js";
import { decodeZoneInsight } from "../resources/zone-insight.js";
import { type ResourceType, ResourceTypes } from "../tags.js";
import type { DecodeResult } from "./decode-result.js";
import { describeJson } from "./proto-json.js";
import type { Decoder } from "./schema-decoder.js";

const DECODERS: { readonly [T in ResourceType]: Decoder<Extract<Resource, { readonly type: T }>> } = {
  [ResourceTypes.Mesh]: decodeMesh,
  [ResourceTypes.Dataplane]: decodeDataplane,
  [ResourceTypes.DataplaneInsight]: decodeDataplaneInsight,
  [ResourceTypes.ZoneIngress]: decodeZoneIngress,
  [ResourceTypes.ZoneEgress]: decodeZoneEgress,
  [ResourceTypes.Zone]: decodeZone,
  [ResourceTypes.ZoneInsight]: decodeZoneInsight,
};

const KNOWN_TYPES = Object.keys(DECODERS).sort().join(", ");

function isResourceType(value: string): value is ResourceType {
  return Object.hasOwn(DECODERS, value);
}

/**
 * Decodes any supported resource from parsed YAML/JSON, choosing the type by its `type` field.
 * A missing or unknown `type` is an issue at `type` that lists the known types. Never throws on
 * bad input.
 */
export function decodeResource(input: unknown): DecodeResult<Resource> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return { ok: false, issues: [{ field: "", message: `expected a resource object, got ${describeJson(input)}` }] };
  }
  const type = (input as { readonly type?: unknown }).type;
  if (typeof type !== "string" || type === "") {
    return { ok: false, issues: [{ field: "type", message: `resource type is missing; known types: ${KNOWN_TYPES}` }] };
  }
  if (!isResourceType(type)) {
    return {
      ok: false,
      issues: [{ field: "type", message: `unknown resource type ${JSON.stringify(type)}; known types: ${KNOWN_TYPES}` }],
    };
  }
  return DECODERS[type](input);
}
