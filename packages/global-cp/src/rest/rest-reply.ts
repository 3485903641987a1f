import type { FastifyReply, FastifyRequest } from 'fastify';
import { nextLink, nextOffset, type KumaErrorBody } from '@kumiko/api';
import type { ListRequest } from './list-request.js';

/** Answers with a Kuma error body and its status. */
export function sendError(reply: FastifyReply, body: KumaErrorBody): FastifyReply {
  return reply.code(body.status).type('application/json').send(body);
}

/** The request's query string as ordered, repeatable parameters. */
export function requestQuery(request: FastifyRequest): URLSearchParams {
  const at = request.url.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : request.url.slice(at + 1));
}

/** The matched route as Kuma (go-restful) names it in violation fields: `/meshes/{mesh}/dataplanes`. */
export function routePath(request: FastifyRequest): string {
  return (request.routeOptions.url ?? '').replace(/:([A-Za-z_]+)/g, '{$1}');
}

/** Kuma's list body `{total, items, next}`; `next` repeats the query with the next page's offset. */
export function listBody(request: FastifyRequest, query: URLSearchParams, page: Pick<ListRequest, 'offset' | 'size'>, total: number, items: readonly unknown[]): Record<string, unknown> {
  const at = request.url.indexOf('?');
  const path = at < 0 ? request.url : request.url.slice(0, at);
  const host = request.headers.host ?? request.host;
  return { total, items, next: nextLink({ protocol: request.protocol, host, path }, query, nextOffset(page.offset, page.size, total)) };
}
