/**
 * @kumiko/api — Kuma's resource model for Kumiko: the resource-type registry (one entry per type:
 * REST path, scope, owner, subject kind, schema, decoder, validator, sync, display columns), types and
 * decoders, REST error bodies, tag constants and the small rules other packages share (zone tag
 * injection, KDS names, SNI, proxy ids, healthy inbounds, ZoneIngress availableServices).
 *
 * ```ts
 * import { decodeResource, descriptorOf, parseYamlDocuments, validationErrorBody } from '@kumiko/api';
 *
 * for (const doc of parseYamlDocuments(text)) {          // throws YamlParseError (line, column)
 *   const decoded = decodeResource(doc.value);          // never throws; the registry picks the decoder
 *   if (!decoded.ok) return validationErrorBody(decoded.issues); // {field, message}[] → Kuma's 400 body
 *   const descriptor = descriptorOf(decoded.value.type); // plural, scope, owner, validate(), columns …
 *   const violations = descriptor.validate(decoded.value);
 * }
 * ```
 *
 * Everything decoded is read-only and plain data; helpers return new objects and never mutate.
 */

// Settings from the environment
export {
  type Setting,
  type SettingValues,
  type Settings,
  SettingSchemas,
  SettingsError,
  describeSettings,
  loadSettings,
} from './config/env-settings.js';

// Versions
export { BASED_ON_KUMA, KUMIKO_VERSION } from './version.js';

// Tags, labels, type names
export { Labels, Origins, Protocols, ProxyTypes, Tags, type Origin, type Protocol, type ProxyType } from './tags.js';

// The resource-type registry: one entry per type drives decoding, validation, REST, events and sync
export {
  type AnyResourceTypeDescriptor,
  type DescriptorOf,
  type Resource,
  type ResourceOfType,
  type ResourceType,
  type ResourceTypeRegistry,
  GlobalScopedResourceTypes,
  ResourceTypes,
  dataplaneTagSets,
  descriptorByProxyType,
  descriptorBySubjectKind,
  descriptorOf,
  isResourceType,
  resourceTypeDescriptors,
} from './registry/resource-type-registry.js';
export {
  type DisplayColumn,
  type OverviewKind,
  type Owner,
  type PolicyTraits,
  type ResourceShape,
  type ResourceTypeDescriptor,
  type Scope,
  type ZoneEventNames,
  type ZoneOrigin,
  Owners,
  Scopes,
} from './registry/resource-type-descriptor.js';
export { ageColumn, formatAge, formatTagSets, meshColumn, nameColumn } from './registry/display-columns.js';
export { resourceToJson } from './registry/resource-to-json.js';
export { appendKumaJson, toKumaJson } from './registry/kuma-json.js';
export { KUBE_NAMESPACE_LABEL, kriOf, parseKri, type Kri } from './registry/kri.js';
export { displayNameOf } from './helpers/display-name.js';
export { withComputedLabels, type LabelContext } from './registry/computed-labels.js';

// Decoding
export { type DecodeIssue, type DecodeResult, formatFieldPath } from './decoding/decode-result.js';
export { decodeResource } from './decoding/resource-decoder.js';
export { type Decoder } from './decoding/schema-decoder.js';
export { type YamlDocument, YamlParseError, parseYamlDocuments } from './decoding/yaml-documents.js';

// Resources
export { type Duration, formatDuration, isZeroDuration, parseGoDuration } from './resources/go-duration.js';
export { isKumaDuration, parseKumaDuration } from './resources/kuma-duration.js';
export { type GlobalResourceMeta, type MeshResourceMeta, type StringMap } from './resources/resource-envelope.js';
export { type EnvoyAdmin } from './resources/envoy-admin.js';
export { type MetricsBackend } from './resources/metrics-backend.js';
export {
  type CertificateAuthorityBackend,
  type LoggingBackend,
  type Mesh,
  type MeshMtls,
  type MeshRouting,
  type MeshServicesMode,
  type MeshTagRule,
  type MtlsMode,
  type TracingBackend,
  MeshServicesModes,
  MtlsModes,
  decodeMesh,
  isMeshMtlsEnabled,
  meshSchema,
} from './resources/mesh.js';
export {
  type Dataplane,
  type DataplaneBackendRef,
  type DataplaneEnvoyConfiguration,
  type DataplaneGateway,
  type DataplaneInbound,
  type DataplaneInboundHealth,
  type DataplaneNetworking,
  type DataplaneOutbound,
  type DataplaneProbeEndpoint,
  type DataplaneProbes,
  type DataplaneReachableBackendRef,
  type DataplaneReachableBackends,
  type DataplaneServiceProbe,
  type DataplaneTransparentProxying,
  type GatewayType,
  type InboundState,
  type IpFamilyMode,
  type XdsTransportProtocolVariant,
  GatewayTypes,
  InboundStates,
  IpFamilyModes,
  XdsTransportProtocolVariants,
  dataplaneSchema,
  decodeDataplane,
} from './resources/dataplane.js';
export {
  type AvailableService,
  type ZoneIngress,
  type ZoneIngressNetworking,
  decodeZoneIngress,
  zoneIngressSchema,
} from './resources/zone-ingress.js';
export { type ZoneEgress, type ZoneEgressNetworking, decodeZoneEgress, zoneEgressSchema } from './resources/zone-egress.js';
export { type Zone, decodeZone, isZoneEnabled, zoneSchema } from './resources/zone.js';
export { type Secret, decodeSecret, secretData, secretSchema, secretText } from './resources/secret.js';
export { type GlobalSecret, decodeGlobalSecret, globalSecretSchema, globalSecretSyncsToZones } from './resources/global-secret.js';
export { GlobalSecretNames } from './helpers/global-secret-names.js';
export { type DiscoveryServiceStats } from './resources/discovery-service-stats.js';
export {
  type DataplaneInsight,
  type DataplaneInsightMtls,
  type DataplaneVersion,
  type DiscoverySubscription,
  type DiscoverySubscriptionStatus,
  dataplaneInsightSchema,
  decodeDataplaneInsight,
} from './resources/dataplane-insight.js';
export {
  type KdsStream,
  type KdsSubscription,
  type KdsSubscriptionStatus,
  type KumaCpVersion,
  type ZoneInsight,
  decodeZoneInsight,
  zoneInsightSchema,
} from './resources/zone-insight.js';

// REST error bodies
export {
  type ErrorCause,
  type FieldViolation,
  type InvalidParameter,
  type KumaErrorBody,
  ErrorTitles,
  GLOBAL_READ_ONLY_MESSAGE,
  MAX_PAGE_SIZE,
  ZONE_READ_ONLY_MESSAGE,
  badRequestErrorBody,
  buildErrorBody,
  conflictErrorBody,
  internalErrorBody,
  invalidOffsetErrorBody,
  invalidPageSizeFormatErrorBody,
  invalidResourceObjectErrorBody,
  meshNotFoundErrorBody,
  methodNotAllowedErrorBody,
  notFoundErrorBody,
  pageSizeTooLargeErrorBody,
  validationErrorBody,
} from './rest/error-body-builder.js';

// REST request helpers shared by the control planes' APIs
export { type ParseResult, readResourceBody } from './rest/resource-body-reader.js';
export { nextLink, nextOffset } from './rest/next-link.js';
export { type GatewayFilter, type TagCondition, gatewayFilterMatches, tagSetMatches } from './rest/list-filter.js';

// Helpers
export { injectZoneTag } from './helpers/zone-tag-injector.js';
export { fnv64aHex, hashedName } from './helpers/hashed-name.js';
export { builtinCaSecretNames, builtinCaSettings, enabledCaBackend } from './helpers/mesh-ca-secrets.js';
export { SniParseError, sniForService, sniFromTags, tagsFromSni } from './helpers/sni.js';
export { tagsToString } from './helpers/tags-string.js';
export { type ProxyId, ProxyIdParseError, buildProxyId, parseProxyId } from './helpers/proxy-id.js';
export { getHealthyInbounds, isInboundHealthy } from './helpers/healthy-inbounds.js';
export { type AvailableServicesInput, availableServicesEqual, computeAvailableServices } from './helpers/available-services.js';

// Validation (Kuma v2.13.10's rules, messages, paths and order)
export { type Violation, formatViolations } from './validation/violation.js';
export { compareGoStrings } from './validation/validation-path.js';
export { validateDataplane } from './validation/dataplane-validator.js';
export { validateZoneIngress } from './validation/zone-ingress-validator.js';
export { validateZoneEgress } from './validation/zone-egress-validator.js';
export { validateSecret } from './validation/secret-validator.js';
export { validateMesh } from './validation/mesh-validator.js';
export { validateResourceMeta } from './validation/meta-validator.js';
export { validateResource, validateResourceSpec } from './validation/resource-validator.js';
export { meshDeprecations } from './validation/mesh-deprecations.js';
export { resourceDeprecations } from './validation/resource-deprecations.js';
export { workloadLabelViolation } from './validation/workload-label-validator.js';
export {
  type ControlPlaneMode,
  type ResourceRequest,
  type ResourceRequestCheckOptions,
  validateResourceRequest,
} from './validation/resource-request-validator.js';
export { validateBootstrapDataplane } from './validation/bootstrap-dataplane-validator.js';
export { containsNul, DEPTH_MESSAGE, inputSafetyViolation, MAX_INPUT_DEPTH, NUL_MESSAGE } from './validation/input-safety-validator.js';
export {
  assertResourceFits,
  EVENT_BUS_MAX_PAYLOAD,
  MAX_LABELS,
  MAX_RESOURCE_BYTES,
  MAX_TAGS,
  resourceCountViolations,
  resourceJsonBytes,
  resourceSizeMessage,
  ResourceTooLargeError,
} from './validation/resource-limits-validator.js';

// Insights Kuma computes from Dataplanes and their insights (proxy status, service insights)
export {
  type DataplaneFacts,
  type GatewayKind,
  type InboundFacts,
  type InsightFacts,
  dataplaneFactsFrom,
  insightFactsFrom,
} from './insights/dataplane-facts.js';
export { type DataplaneStatus, DataplaneStatuses, dataplaneStatus } from './insights/dataplane-status.js';
export {
  type DataplaneFactsEntry,
  type ServiceInsightStat,
  type ServiceStatus,
  type ServiceType,
  ServiceStatuses,
  ServiceTypes,
  buildServiceInsights,
} from './insights/service-insight-builder.js';
export { type ServiceTlsFacts, isServiceTlsReady } from './insights/service-tls-readiness.js';
