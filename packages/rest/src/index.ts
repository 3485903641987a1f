/**
 * @kumiko/rest — the Kuma-compatible REST layer both control planes serve: list requests (paging and
 * filters, Kuma's 400s), the flat envelope and overviews, list bodies with their next link, Kuma's error
 * answers, and the routes of every resource type generated from the resource-type registry over a data
 * source each control plane provides.
 *
 * ```ts
 * registerKumaApi(http, { logger, isReady: () => ready }, (api) => {
 *   registerIndexRoutes(api, { controlPlane: Owners.zone, instanceId });    // /, /who-am-i, /_resources, /policies
 *   registerResourceRoutes(api, mySource, { controlPlane: Owners.zone });   // GET/PUT/DELETE per registry type
 *   api.get('/service-insights', (request, reply) => answerList(request, reply, {}, fetchPage));
 * });
 * ```
 */
export { accessDeniedErrorBody, adminAccessSettings, DEFAULT_ADMIN_ACCESS, isAdmin, writeAccessSettings } from './admin-access.js';
export type { AdminAccess } from './admin-access.js';
export { apiHttpsSettings, listenApiHttps } from './api-https-server.js';
export { apiHttpLimitSettings, apiServerOptions, createApiServer, frameworkErrorBody, type ApiHttpLimitValues } from './api-http-limits.js';
export type { ApiHttpLimits } from './api-http-limits.js';
export { apiAuthenticationSettings, authenticateRequest, UNAUTHENTICATED_ERROR_BODY } from './api-authentication.js';
export type { ApiAuthenticationOptions, UserTokenVerifier } from './api-authentication.js';
export { ADMIN_USER, ANONYMOUS_USER, AUTHENTICATED_GROUP } from './api-user.js';
export type { ApiUser } from './api-user.js';
export { requestUser, setRequestUser } from './request-user.js';
export { controlPlaneIndex } from './control-plane-index.js';
export type { ControlPlaneIndex, ControlPlaneIndexOptions } from './control-plane-index.js';
export type { DeleteOutcome } from './delete-outcome.js';
export { inMemoryPage } from './in-memory-page.js';
export { registerIndexRoutes } from './index-routes.js';
export type { IndexRoutesOptions } from './index-routes.js';
export { registerKumaApi } from './kuma-api-server.js';
export type { KumaApiOptions } from './kuma-api-server.js';
export { DEFAULT_PAGE_SIZE, parseListRequest } from './list-request.js';
export type { ListRequest, ListRequestOptions } from './list-request.js';
export { policyCatalogue } from './policy-catalogue.js';
export type { PolicyEntry } from './policy-catalogue.js';
export { isReadOnlyOn } from './read-only-on.js';
export { overviewItem, resourceItem } from './resource-envelope.js';
export type { RecordPage, ResourceRecord } from './resource-record.js';
export { registerResourceRoutes } from './resource-routes.js';
export type { ResourceRoutesOptions } from './resource-routes.js';
export { unsafeRequestErrorBody } from './request-input-check.js';
export { resourceTypeCatalogue } from './resource-type-catalogue.js';
export type { PolicyDescription, ResourceTypeDescription } from './resource-type-catalogue.js';
export type { ResourceKey, ResourceSource, ResourceWriter, SourceListQuery } from './resource-source.js';
export { answerList, listBody, requestQuery, routePath, sendError } from './rest-reply.js';
export type { ItemPage } from './rest-reply.js';
export { registerServiceInsightRoutes } from './service-insight-routes.js';
export type { ServiceInsightSource } from './service-insight-routes.js';
