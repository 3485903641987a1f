import type { FastifyReply, FastifyRequest } from 'fastify';
import type { KumaErrorBody } from '@kumiko/api';
import type { ZoneListRequest } from './zone-list-request.js';

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

/** Go's `url.QueryEscape`: everything but letters, digits and `-_.~` is percent-encoded; space is `+`. */
function queryEscape(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** Kuma's `next`: the same URL with the next page's `offset`, query encoded as Go's `url.Values.Encode`. */
function nextLink(request: FastifyRequest, query: URLSearchParams, offset: number): string {
  const values = new Map<string, string[]>();
  for (const [key, value] of query) if (key !== 'offset') values.set(key, [...(values.get(key) ?? []), value]);
  values.set('offset', [String(offset)]);
  const encoded = [...values.keys()]
    .sort()
    .flatMap((key) => (values.get(key) ?? []).map((value) => `${queryEscape(key)}=${queryEscape(value)}`))
    .join('&');
  const at = request.url.indexOf('?');
  const path = at < 0 ? request.url : request.url.slice(0, at);
  return `${request.protocol}://${request.headers.host ?? request.host}${path}?${encoded}`;
}

/** Kuma's list body `{total, items, next}`; `next` is `null` on the last page. */
export function listBody(request: FastifyRequest, query: URLSearchParams, page: Pick<ZoneListRequest, 'offset' | 'size'>, total: number, items: readonly unknown[]): Record<string, unknown> {
  const next = page.offset + page.size < total ? nextLink(request, query, page.offset + page.size) : null;
  return { total, items, next };
}
