import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  ErrorTitles,
  GLOBAL_READ_ONLY_MESSAGE,
  methodNotAllowedErrorBody,
  notFoundErrorBody,
  Owners,
  ResourceTypes,
  resourceTypeDescriptors,
  Scopes,
  ZONE_READ_ONLY_MESSAGE,
  type AnyResourceTypeDescriptor,
  type KumaErrorBody,
  type Owner,
  type OverviewKind,
} from '@kumiko/api';
import { accessDeniedErrorBody, DEFAULT_ADMIN_ACCESS, isAdmin, writeDeniedErrorBody, type AdminAccess } from './admin-access.js';
import type { ApiUser } from './api-user.js';
import { requestUser } from './request-user.js';
import { registerKriRoute } from './kri-route.js';
import { isReadOnlyOn } from './read-only-on.js';
import { overviewItem, resourceItem } from './resource-envelope.js';
import type { ResourceKey, ResourceSource, ResourceWriter } from './resource-source.js';
import { answerList, sendError } from './rest-reply.js';

type Params = FastifyRequest<{ Params: { mesh?: string; name?: string } }>;

export interface ResourceRoutesOptions {
  /** Which control plane answers: writes of types the other one owns (or computes) are refused with its message. */
  readonly controlPlane: Owner;
  /** Who a request runs as. Default: `requestUser`, what the authentication step recorded. */
  readonly user?: (request: FastifyRequest) => ApiUser;
  /** Who may read and write admin-only types (Secrets). Default: Kuma's `mesh-system:admin` user and group. */
  readonly adminAccess?: AdminAccess;
  /**
   * Who may write (PUT, DELETE) the other types; admins always may. Default: everyone, as in Kuma OSS. The control
   * planes pass {@link writeAccessSettings}, whose default is any authenticated user.
   */
  readonly writeAccess?: AdminAccess;
  /** A zone CP's zone name (what `/_kri/{kri}` counts as local); absent on the global. */
  readonly zoneName?: string;
}

/** Kuma's 405 message on each kind of control plane. */
const READ_ONLY_MESSAGES: Readonly<Record<Owner, string>> = {
  [Owners.global]: GLOBAL_READ_ONLY_MESSAGE,
  [Owners.zone]: ZONE_READ_ONLY_MESSAGE,
};

/** A type's collection paths: its plural and path aliases, under `/meshes/:mesh` when it is mesh-scoped. */
function collectionPaths(descriptor: AnyResourceTypeDescriptor, segments: readonly string[]): string[] {
  return segments.map((segment) => (descriptor.scope === Scopes.mesh ? `/meshes/:mesh/${segment}` : `/${segment}`));
}

/**
 * Kuma's API server resolves the mesh of a mesh-scoped path before it touches the resource: a mesh that
 * does not exist answers 404 `Not found` titled `Failed to retrieve Mesh`, whatever the operation (list
 * after its paging and filters are read, get, put before its body is read, delete). Cross-mesh lists and
 * global-scoped types have no mesh to resolve. Resolves to the error body, or `undefined` when it exists.
 */
async function missingMesh(
  source: ResourceSource,
  descriptor: AnyResourceTypeDescriptor,
  request: Params,
): Promise<KumaErrorBody | undefined> {
  const mesh = request.params.mesh;
  if (descriptor.scope !== Scopes.mesh || mesh === undefined) return undefined;
  const found = await source.get(ResourceTypes.Mesh, { name: mesh }, { withInsight: false });
  return found === undefined ? notFoundErrorBody(ErrorTitles.retrieveMesh) : undefined;
}

/** Who may act on what the routes serve: admin-only types answer 403 to everybody else. */
type Operation = 'read' | 'write';
type AccessCheck = (descriptor: AnyResourceTypeDescriptor, request: FastifyRequest, operation: Operation) => KumaErrorBody | undefined;

/**
 * What Kuma answers before it touches a resource: 404 for a missing mesh, then 403 for a user who may not act on
 * an admin-only type; `undefined` when the request may go on.
 */
async function refusal(
  source: ResourceSource,
  descriptor: AnyResourceTypeDescriptor,
  request: Params,
  access: AccessCheck,
  operation: Operation = 'read',
): Promise<KumaErrorBody | undefined> {
  return (await missingMesh(source, descriptor, request)) ?? access(descriptor, request, operation);
}

function keyOf(descriptor: AnyResourceTypeDescriptor, request: Params): ResourceKey {
  const name = request.params.name ?? '';
  return descriptor.scope === Scopes.mesh ? { mesh: request.params.mesh ?? '', name } : { name };
}

/**
 * Registers, for every type of the resource-type registry, the routes Kuma serves it under:
 *
 * - for the types `source` reads: `GET <collection>` (and, mesh-scoped, the cross-mesh `GET /<plural>`),
 *   `GET <collection>/:name`, with the type's path aliases as further collections; for types Kuma has
 *   overviews of, `<collection>/_overview`, `<collection>/:name/_overview` and the legacy overview collection;
 * - for every type: `PUT` and `DELETE <collection>/:name`, through the source's writer of the type, or 405
 *   with Kuma's read-only message of this control plane when it has none.
 *
 * Also `GET /_kri/{kri}`, any served resource by its KRI. Lists read Kuma's paging and filters (`tag=` and `gateway=` on Dataplanes) and answer Kuma's list body.
 * Every handler of a mesh-scoped path first resolves its mesh (404 `Failed to retrieve Mesh` when it does
 * not exist); a PUT answers the writer's deprecation warnings as `{"warnings": […]}`.
 */
export function registerResourceRoutes(api: FastifyInstance, source: ResourceSource, options: ResourceRoutesOptions): void {
  const readable = new Set(source.readable);
  const userOf = options.user ?? requestUser;
  const adminAccess = options.adminAccess ?? DEFAULT_ADMIN_ACCESS;
  const writeAccess = options.writeAccess;
  const access: AccessCheck = (descriptor, request, operation) => {
    const adminOnly = descriptor.adminOnly === true;
    if (!adminOnly && (operation === 'read' || writeAccess === undefined)) return undefined;
    const user = userOf(request);
    if (isAdmin(user, adminAccess)) return undefined;
    if (adminOnly) return accessDeniedErrorBody(user, descriptor.name);
    return isAdmin(user, writeAccess ?? adminAccess) ? undefined : writeDeniedErrorBody(user, descriptor.name);
  };
  registerKriRoute(api, source, options.zoneName === undefined ? {} : { zoneName: options.zoneName });
  for (const descriptor of resourceTypeDescriptors()) {
    const collections = collectionPaths(descriptor, [descriptor.plural, ...descriptor.pathAliases]);
    const writer = source.writers[descriptor.name];
    if (writer !== undefined && isReadOnlyOn(descriptor, options.controlPlane)) {
      throw new TypeError(`${descriptor.name} resources are not written on a ${options.controlPlane} control plane`);
    }
    registerWrites(api, source, descriptor, collections, writer, READ_ONLY_MESSAGES[options.controlPlane], access);
    if (!readable.has(descriptor.name)) continue;
    const crossMesh = descriptor.scope === Scopes.mesh ? [`/${descriptor.plural}`] : [];
    registerReads(api, source, descriptor, [...collections, ...crossMesh], collections, undefined, access);
    const overview = descriptor.overview;
    if (overview === undefined) continue;
    const legacy = collectionPaths(descriptor, [overview.legacyPlural]);
    registerReads(api, source, descriptor, [...collections.map((path) => `${path}/_overview`), ...legacy], legacy, overview, access);
    for (const path of collections) api.get(`${path}/:name/_overview`, getHandler(source, descriptor, overview, access));
  }
}

/** `GET` of the lists at `lists` and of single resources under `named`, plain or as overviews. */
function registerReads(
  api: FastifyInstance,
  source: ResourceSource,
  descriptor: AnyResourceTypeDescriptor,
  lists: readonly string[],
  named: readonly string[],
  overview: OverviewKind | undefined,
  access: AccessCheck,
): void {
  const type = descriptor.name;
  const render = overview === undefined ? resourceItem : overviewItem.bind(undefined, overview);
  const list = (request: Params, reply: FastifyReply) =>
    answerList(request, reply, { dataplaneFilters: type === ResourceTypes.Dataplane }, async (page) => {
      const refused = await refusal(source, descriptor, request, access);
      if (refused !== undefined) return { ok: false, error: refused };
      const result = await source.list(type, { ...page, mesh: request.params.mesh, withInsight: overview !== undefined });
      return { ok: true, value: { total: result.total, items: result.items.map((record) => render(record)) } };
    });
  for (const path of lists) api.get(path, list);
  for (const path of named) api.get(`${path}/:name`, getHandler(source, descriptor, overview, access));
}

function getHandler(
  source: ResourceSource,
  descriptor: AnyResourceTypeDescriptor,
  overview: OverviewKind | undefined,
  access: AccessCheck,
) {
  return async (request: Params, reply: FastifyReply) => {
    const refused = await refusal(source, descriptor, request, access);
    if (refused !== undefined) return sendError(reply, refused);
    const record = await source.get(descriptor.name, keyOf(descriptor, request), { withInsight: overview !== undefined });
    if (record === undefined) return sendError(reply, notFoundErrorBody(ErrorTitles.retrieveResource));
    return overview === undefined ? resourceItem(record) : overviewItem(overview, record);
  };
}

type WriteHandler = (request: Params, reply: FastifyReply) => Promise<unknown>;

/**
 * `PUT` and `DELETE` of single resources: through `writer` (once the mesh of the path is known to exist), or
 * 405 with `readOnlyMessage`, which Kuma answers without looking at the mesh.
 */
function registerWrites(
  api: FastifyInstance,
  source: ResourceSource,
  descriptor: AnyResourceTypeDescriptor,
  collections: readonly string[],
  writer: ResourceWriter | undefined,
  readOnlyMessage: string,
  access: AccessCheck,
): void {
  const refuse: WriteHandler = async (_request, reply) => sendError(reply, methodNotAllowedErrorBody(readOnlyMessage));
  const handlers = writer === undefined ? { put: refuse, remove: refuse } : writeHandlers(source, descriptor, writer, access);
  for (const path of collections) {
    api.put(`${path}/:name`, handlers.put);
    api.delete(`${path}/:name`, handlers.remove);
  }
}

function writeHandlers(
  source: ResourceSource,
  descriptor: AnyResourceTypeDescriptor,
  writer: ResourceWriter,
  access: AccessCheck,
): { readonly put: WriteHandler; readonly remove: WriteHandler } {
  return {
    put: async (request, reply) => {
      const refused = await refusal(source, descriptor, request, access, 'write');
      if (refused !== undefined) return sendError(reply, refused);
      const result = await writer.put(keyOf(descriptor, request), request.body);
      if (!result.ok) return sendError(reply, result.error);
      const warnings = result.value.warnings ?? [];
      return reply.code(result.value.created ? 201 : 200).send(warnings.length > 0 ? { warnings } : {});
    },
    remove: async (request, reply) => {
      const refused = await refusal(source, descriptor, request, access, 'write');
      if (refused !== undefined) return sendError(reply, refused);
      const outcome = await writer.delete(keyOf(descriptor, request));
      if (outcome.status === 'not-found') return sendError(reply, notFoundErrorBody(ErrorTitles.deleteResource));
      if (outcome.status === 'refused') return sendError(reply, outcome.error);
      return {};
    },
  };
}
