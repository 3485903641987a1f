import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequestErrorBody, descriptorOf, ErrorTitles, hashedName, notFoundErrorBody, parseKri, Scopes, type Kri } from '@kumiko/api';
import { resourceItem } from './resource-envelope.js';
import type { ResourceSource } from './resource-source.js';
import { sendError } from './rest-reply.js';

export interface KriRouteOptions {
  /** The zone's name on a zone CP; absent on the global. */
  readonly zoneName?: string;
}

/**
 * The stored name a KRI names, as Kuma's `/_kri` endpoint computes it: a resource that originated on this control
 * plane (no zone in the KRI on the global, this zone's name on a zone) is stored under its display name; one that
 * came from elsewhere under KDS's hashed name (display name, mesh, then the KRI's zone and namespace).
 */
function storedNameOf(kri: Kri, zoneName: string | undefined): string {
  const local = zoneName === undefined ? kri.zone === '' : kri.zone === zoneName;
  if (local) return kri.name;
  return hashedName(kri.mesh, kri.name, ...[kri.zone, kri.namespace].filter((part) => part !== ''));
}

/**
 * `GET /_kri/{kri}`: the resource a Kuma Resource Identifier names, in the flat envelope. A KRI that does not parse
 * answers 400 `Bad Request` with Kuma's parser message; one naming nothing (or a type this control plane does not serve) 404.
 */
export function registerKriRoute(api: FastifyInstance, source: ResourceSource, options: KriRouteOptions): void {
  const readable = new Set<string>(source.readable);
  api.get('/_kri/:kri', async (request: FastifyRequest<{ Params: { kri: string } }>, reply: FastifyReply) => {
    const parsed = parseKri(request.params.kri);
    if (!parsed.ok) return sendError(reply, badRequestErrorBody(parsed.error));
    const { kri } = parsed;
    if (!readable.has(kri.type)) return sendError(reply, notFoundErrorBody(ErrorTitles.retrieveResource));
    const name = storedNameOf(kri, options.zoneName);
    const key = descriptorOf(kri.type).scope === Scopes.mesh ? { mesh: kri.mesh, name } : { name };
    const record = await source.get(kri.type, key, { withInsight: false });
    if (record === undefined) return sendError(reply, notFoundErrorBody(ErrorTitles.retrieveResource));
    return resourceItem(record);
  });
}
