import type { z } from 'zod';
import { injectZoneTag } from '../helpers/zone-tag-injector.js';
import { type Dataplane, dataplaneSchema, decodeDataplane } from '../resources/dataplane.js';
import { type DataplaneInsight, dataplaneInsightSchema, decodeDataplaneInsight } from '../resources/dataplane-insight.js';
import { type Mesh, decodeMesh, meshSchema } from '../resources/mesh.js';
import { dataplaneToJson, meshToJson } from '../resources/resource-json.js';
import { type GlobalSecret, decodeGlobalSecret, globalSecretSchema, globalSecretSyncsToZones } from '../resources/global-secret.js';
import { type Secret, decodeSecret, secretSchema } from '../resources/secret.js';
import { type Zone, decodeZone, zoneSchema } from '../resources/zone.js';
import { type ZoneEgress, decodeZoneEgress, zoneEgressSchema } from '../resources/zone-egress.js';
import { type ZoneIngress, decodeZoneIngress, zoneIngressSchema } from '../resources/zone-ingress.js';
import { type ZoneInsight, decodeZoneInsight, zoneInsightSchema } from '../resources/zone-insight.js';
import { ProxyTypes } from '../tags.js';
import { validateDataplane } from '../validation/dataplane-validator.js';
import { meshDeprecations } from '../validation/mesh-deprecations.js';
import { validateMesh } from '../validation/mesh-validator.js';
import { validateSecret } from '../validation/secret-validator.js';
import { validateZoneEgress } from '../validation/zone-egress-validator.js';
import { validateZoneIngress } from '../validation/zone-ingress-validator.js';
import { ageColumn, formatTagSets, meshColumn, nameColumn } from './display-columns.js';
import { type ResourceTypeDescriptor, type ZoneEventNames, Owners, Scopes } from './resource-type-descriptor.js';

const noRules = (): [] => [];
const ZONE_TO_GLOBAL = { zoneToGlobal: true, globalToZone: false } as const;
const GLOBAL_TO_ZONE = { zoneToGlobal: false, globalToZone: true } as const;
const BOTH_WAYS = { zoneToGlobal: true, globalToZone: true } as const;
const NOT_SYNCED = { zoneToGlobal: false, globalToZone: false } as const;

const onOff = (on: boolean | undefined): string => (on === true ? 'on' : 'off');

/** A zone proxy's `zone` field: blank where it is owned (the zone is implicit), pinned on the global. */
function zoneProxyOrigin<T extends ZoneIngress | ZoneEgress, const E extends ZoneEventNames>(
  events: E,
  tagSets: (resource: T) => readonly Readonly<Record<string, string>>[],
) {
  return {
    events,
    tagSets,
    specZone: (resource: T) => resource.zone,
    stamp: (resource: T) => ({ ...resource, zone: '' }),
    pin: (resource: T, zone: string) => ({ ...resource, zone }),
  };
}

/**
 * The resource types Kumiko knows, one entry each. Adding a type is: its schema file (`resources/`), its
 * validator file (`validation/`), and an entry here — REST routes, decoding, validation, events, projection
 * and sync all read this table. Entry order is the order types are listed in (e.g. `GET /_resources`).
 */
const REGISTRY = {
  Mesh: {
    name: 'Mesh',
    plural: 'meshes',
    pathAliases: [],
    singularDisplayName: 'Mesh',
    pluralDisplayName: 'Meshes',
    shortName: 'm',
    includeInFederation: true,
    scope: Scopes.global,
    owner: Owners.global,
    computed: false,
    subjectKind: 'mesh',
    sync: GLOBAL_TO_ZONE,
    schema: meshSchema,
    decode: decodeMesh,
    validate: validateMesh,
    deprecations: meshDeprecations,
    toJson: meshToJson,
    columns: [
      nameColumn,
      { header: 'mTLS', cell: (mesh) => mtlsCell(mesh) },
      { header: 'LOCALITY', cell: (mesh) => onOff(mesh.routing?.localityAwareLoadBalancing) },
      { header: 'ZONEEGRESS', cell: (mesh) => onOff(mesh.routing?.zoneEgress) },
      ageColumn,
    ],
  } as const satisfies ResourceTypeDescriptor<Mesh>,
  Dataplane: {
    name: 'Dataplane',
    plural: 'dataplanes',
    pathAliases: [],
    singularDisplayName: 'Dataplane',
    pluralDisplayName: 'Dataplanes',
    shortName: 'dp',
    includeInFederation: false,
    scope: Scopes.mesh,
    owner: Owners.zone,
    computed: false,
    subjectKind: 'dataplane',
    sync: ZONE_TO_GLOBAL,
    proxyType: 'dataplane',
    proxyTypeLabel: (dataplane) => (dataplane.networking?.gateway?.type === 'BUILTIN' ? ProxyTypes.gateway : ProxyTypes.sidecar),
    schema: dataplaneSchema,
    decode: decodeDataplane,
    validate: validateDataplane,
    toJson: dataplaneToJson,
    columns: [
      meshColumn,
      nameColumn,
      { header: 'TAGS', cell: (dataplane) => formatTagSets(dataplaneTagSets(dataplane)) },
      { header: 'ADDRESS', cell: (dataplane) => dataplane.networking?.advertisedAddress || dataplane.networking?.address || '' },
      ageColumn,
    ],
    zoneOrigin: {
      events: { upserted: 'DataplaneUpserted', deleted: 'DataplaneDeleted', payloadField: 'dataplane' },
      tagSets: dataplaneTagSets,
      stamp: injectZoneTag,
      pin: (dataplane) => dataplane,
    },
    overview: {
      type: 'DataplaneOverview',
      specField: 'dataplane',
      insightField: 'dataplaneInsight',
      insightType: 'DataplaneInsight',
      legacyPlural: 'dataplanes+insights',
    },
  } as const satisfies ResourceTypeDescriptor<Dataplane>,
  DataplaneInsight: {
    name: 'DataplaneInsight',
    plural: 'dataplane-insights',
    pathAliases: [],
    singularDisplayName: 'Dataplane Insight',
    pluralDisplayName: 'Dataplane Insights',
    shortName: '',
    includeInFederation: false,
    scope: Scopes.mesh,
    owner: Owners.zone,
    computed: true,
    subjectKind: 'dataplaneinsight',
    sync: ZONE_TO_GLOBAL,
    schema: dataplaneInsightSchema,
    decode: decodeDataplaneInsight,
    validate: noRules,
    columns: [meshColumn, nameColumn, ageColumn],
    zoneOrigin: {
      events: { upserted: 'DataplaneInsightUpdated', payloadField: 'insight' },
      tagSets: () => [],
      stamp: (insight) => insight,
      pin: (insight) => insight,
    },
  } as const satisfies ResourceTypeDescriptor<DataplaneInsight>,
  ZoneIngress: {
    name: 'ZoneIngress',
    plural: 'zoneingresses',
    pathAliases: ['zone-ingresses'],
    singularDisplayName: 'Zone Ingress',
    pluralDisplayName: 'Zone Ingresses',
    shortName: 'zi',
    includeInFederation: false,
    scope: Scopes.global,
    owner: Owners.zone,
    computed: false,
    subjectKind: 'zoneingress',
    sync: BOTH_WAYS,
    proxyType: 'ingress',
    proxyTypeLabel: () => ProxyTypes.zoneIngress,
    schema: zoneIngressSchema,
    decode: decodeZoneIngress,
    validate: validateZoneIngress,
    columns: [nameColumn, ageColumn],
    zoneOrigin: zoneProxyOrigin(
      { upserted: 'ZoneIngressUpserted', deleted: 'ZoneIngressDeleted', payloadField: 'zoneIngress' },
      (ingress: ZoneIngress) => ingress.availableServices.map((service) => service.tags),
    ),
    overview: {
      type: 'ZoneIngressOverview',
      specField: 'zoneIngress',
      insightField: 'zoneIngressInsight',
      legacyPlural: 'zoneingresses+insights',
    },
  } as const satisfies ResourceTypeDescriptor<ZoneIngress>,
  ZoneEgress: {
    name: 'ZoneEgress',
    plural: 'zoneegresses',
    pathAliases: ['zone-egresses'],
    singularDisplayName: 'Zone Egress',
    pluralDisplayName: 'Zone Egresses',
    shortName: 'ze',
    includeInFederation: false,
    scope: Scopes.global,
    owner: Owners.zone,
    computed: false,
    subjectKind: 'zoneegress',
    sync: BOTH_WAYS,
    proxyType: 'egress',
    proxyTypeLabel: () => ProxyTypes.zoneEgress,
    schema: zoneEgressSchema,
    decode: decodeZoneEgress,
    validate: validateZoneEgress,
    columns: [nameColumn, ageColumn],
    zoneOrigin: zoneProxyOrigin(
      { upserted: 'ZoneEgressUpserted', deleted: 'ZoneEgressDeleted', payloadField: 'zoneEgress' },
      (_egress: ZoneEgress) => [],
    ),
    overview: {
      type: 'ZoneEgressOverview',
      specField: 'zoneEgress',
      insightField: 'zoneEgressInsight',
      legacyPlural: 'zoneegressoverviews',
    },
  } as const satisfies ResourceTypeDescriptor<ZoneEgress>,
  Zone: {
    name: 'Zone',
    plural: 'zones',
    pathAliases: [],
    singularDisplayName: 'Zone',
    pluralDisplayName: 'Zones',
    shortName: 'z',
    includeInFederation: false,
    scope: Scopes.global,
    owner: Owners.global,
    computed: false,
    subjectKind: 'zone',
    sync: GLOBAL_TO_ZONE,
    schema: zoneSchema,
    decode: decodeZone,
    validate: noRules,
    columns: [nameColumn, ageColumn],
    overview: {
      type: 'ZoneOverview',
      specField: 'zone',
      insightField: 'zoneInsight',
      insightType: 'ZoneInsight',
      legacyPlural: 'zones+insights',
    },
  } as const satisfies ResourceTypeDescriptor<Zone>,
  ZoneInsight: {
    name: 'ZoneInsight',
    plural: 'zone-insights',
    pathAliases: [],
    singularDisplayName: 'Zone Insight',
    pluralDisplayName: 'Zone Insights',
    shortName: '',
    includeInFederation: false,
    scope: Scopes.global,
    owner: Owners.global,
    computed: true,
    subjectKind: 'zoneinsight',
    sync: NOT_SYNCED,
    schema: zoneInsightSchema,
    decode: decodeZoneInsight,
    validate: noRules,
    columns: [nameColumn, ageColumn],
  } as const satisfies ResourceTypeDescriptor<ZoneInsight>,
  Secret: {
    name: 'Secret',
    plural: 'secrets',
    pathAliases: [],
    singularDisplayName: 'Secret',
    pluralDisplayName: 'Secrets',
    shortName: '',
    includeInFederation: true,
    adminOnly: true,
    scope: Scopes.mesh,
    owner: Owners.global,
    computed: false,
    subjectKind: 'secret',
    sync: GLOBAL_TO_ZONE,
    schema: secretSchema,
    decode: decodeSecret,
    validate: validateSecret,
    columns: [meshColumn, nameColumn, ageColumn],
  } as const satisfies ResourceTypeDescriptor<Secret>,
  GlobalSecret: {
    name: 'GlobalSecret',
    plural: 'global-secrets',
    pathAliases: ['globalsecrets'],
    singularDisplayName: 'Global Secret',
    pluralDisplayName: 'Global Secrets',
    shortName: '',
    includeInFederation: true,
    adminOnly: true,
    scope: Scopes.global,
    owner: Owners.global,
    computed: false,
    subjectKind: 'globalsecret',
    sync: GLOBAL_TO_ZONE,
    globalToZoneFilter: globalSecretSyncsToZones,
    schema: globalSecretSchema,
    decode: decodeGlobalSecret,
    validate: validateSecret,
    columns: [nameColumn, ageColumn],
  } as const satisfies ResourceTypeDescriptor<GlobalSecret>,
} as const;

function mtlsCell(mesh: Mesh): string {
  const enabled = mesh.mtls?.enabledBackend ?? '';
  if (enabled === '') return 'off';
  const backend = mesh.mtls?.backends.find((candidate) => candidate.name === enabled);
  return `${backend?.type ?? ''}/${enabled}`;
}

/** Inbound tag sets, then the gateway's: every place a Dataplane may name a zone. */
export function dataplaneTagSets(dataplane: Dataplane): Readonly<Record<string, string>>[] {
  const sets = (dataplane.networking?.inbound ?? []).map((inbound) => inbound.tags);
  const gateway = dataplane.networking?.gateway;
  return gateway ? [...sets, gateway.tags] : sets;
}

/** The registry's static type: event names, scopes and sync directions stay literal for other packages' types. */
export type ResourceTypeRegistry = typeof REGISTRY;
type Registry = ResourceTypeRegistry;

/** Every resource type name: `"Mesh" | "Dataplane" | …`. */
export type ResourceType = keyof Registry;

/** The decoded resource of type `K`. */
export type ResourceOfType<K extends ResourceType> = z.output<Registry[K]['schema']>;

/** Any decoded resource, discriminated on `type`. */
export type Resource = { [K in ResourceType]: ResourceOfType<K> }[ResourceType];

/** The descriptor of one type, typed by it. */
export type DescriptorOf<K extends ResourceType> = ResourceTypeDescriptor<ResourceOfType<K>>;

/** Any registered descriptor. */
export type AnyResourceTypeDescriptor = ResourceTypeDescriptor<Resource>;

/** Resource type names, exactly as they appear in the `type` field. */
export const ResourceTypes: { readonly [K in ResourceType]: K } = Object.freeze(
  Object.fromEntries(Object.keys(REGISTRY).map((name) => [name, name])) as { [K in ResourceType]: K },
);

const ALL = Object.values(REGISTRY) as unknown as readonly AnyResourceTypeDescriptor[];

/** Every descriptor, in registry order. */
export function resourceTypeDescriptors(): readonly AnyResourceTypeDescriptor[] {
  return ALL;
}

export function isResourceType(name: string): name is ResourceType {
  return Object.hasOwn(REGISTRY, name);
}

/** The descriptor of a type. */
export function descriptorOf<K extends ResourceType>(type: K): DescriptorOf<K> {
  return REGISTRY[type] as unknown as DescriptorOf<K>;
}

const BY_SUBJECT_KIND = new Map(ALL.map((descriptor) => [descriptor.subjectKind, descriptor]));

/** The descriptor whose subjects use the `<kind>` token `kind`, if any. */
export function descriptorBySubjectKind(kind: string): AnyResourceTypeDescriptor | undefined {
  return BY_SUBJECT_KIND.get(kind);
}

const BY_PROXY_TYPE = new Map(
  ALL.flatMap((descriptor) => (descriptor.proxyType === undefined ? [] : [[descriptor.proxyType, descriptor] as const])),
);

/** The type a kuma-dp `--proxy-type` registers with. */
export function descriptorByProxyType(proxyType: string): AnyResourceTypeDescriptor | undefined {
  return BY_PROXY_TYPE.get(proxyType as 'dataplane');
}

/**
 * Types that live outside any mesh (Kuma `ScopeGlobal`): their envelope has no `mesh` field and Kuma
 * stores them with `mesh=''`. Mesh itself is one of them.
 */
export const GlobalScopedResourceTypes: ReadonlySet<ResourceType> = new Set(
  ALL.filter((descriptor) => descriptor.scope === Scopes.global).map((descriptor) => descriptor.name),
);
