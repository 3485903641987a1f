import type { FastifyReply, FastifyRequest } from 'fastify';
import { nextLink, nextOffset, type KumaErrorBody, type ParseResult } from '@kumiko/api';
import { parseListRequest, type ListRequest, type ListRequestOptions } from './list-request.js';

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
export function listBody(
  request: FastifyRequest,
  query: URLSearchParams,
  page: Pick<ListRequest, 'offset' | 'size'>,
  total: number,
  items: readonly unknown[],
): Record<string, unknown> {
  const at = request.url.indexOf('?');
  const path = at < 0 ? request.url : request.url.slice(0, at);
  const host = request.headers.host ?? request.host;
  return { total, items, next: nextLink({ protocol: request.protocol, host, path }, query, nextOffset(page.offset, page.size, total)) };
}

/** One page of list items, already in their JSON form, and how many match in all. */
export interface ItemPage {
  readonly total: number;
  readonly items: readonly unknown[];
}

/**
 * Answers a list request the way Kuma does: paging and filters are read first (a 400 in Kuma's shape when
 * they are bad), then `page` fetches the items (or refuses with its own error body), then the list body with
 * its next link. `options` are the list-request options other than the route, which comes from the request.
 */
export async function answerList(
  request: FastifyRequest,
  reply: FastifyReply,
  options: Omit<ListRequestOptions, 'routePath'>,
  page: (list: ListRequest, query: URLSearchParams) => Promise<ParseResult<ItemPage>> | ParseResult<ItemPage>,
): Promise<FastifyReply | Record<string, unknown>> {
  const query = requestQuery(request);
  const parsed = parseListRequest(query, { ...options, routePath: routePath(request) });
  if (!parsed.ok) return sendError(reply, parsed.error);
  const fetched = await page(parsed.value, query);
  if (!fetched.ok) return sendError(reply, fetched.error);
  return listBody(request, query, parsed.value, fetched.value.total, fetched.value.items);
}
