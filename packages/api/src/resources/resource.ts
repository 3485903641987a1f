import type { Dataplane } from "./dataplane.js";
import type { DataplaneInsight } from "./dataplane-insight.js";
import type { Mesh } from "./mesh.js";
import type { Zone } from "./zone.js";
import type { ZoneEgress } from "./zone-egress.js";
import type { ZoneIngress } from "./zone-ingress.js";
import type { ZoneInsight } from "./zone-insight.js";

/** Any decoded resource, discriminated on `type`. */
export type Resource = Mesh | Dataplane | DataplaneInsight | ZoneIngress | ZoneEgress | Zone | ZoneInsight;

/** The resource of one type: `ResourceOfType<"Dataplane">` is `Dataplane`. */
export type ResourceOfType<T extends Resource["type"]> = Extract<Resource, { readonly type: T }>;
