import type { FastifyInstance, FastifyReply } from 'fastify';
import { methodNotAllowedErrorBody } from '@kumiko/api';
import { sendError } from './rest-reply.js';

/** What zones own or the CP computes: on the global CP, PUT and DELETE answer 405 with Kuma's message. */
const READ_ONLY_PATHS = [
  '/meshes/:mesh/dataplanes/:name',
  '/meshes/:mesh/dataplane-insights/:name',
  '/meshes/:mesh/service-insights/:name',
  '/zoneingresses/:name',
  '/zone-ingresses/:name',
  '/zoneegresses/:name',
  '/zone-insights/:name',
  '/zoneingress-insights/:name',
  '/zoneegress-insights/:name',
];

export function registerReadOnlyRoutes(api: FastifyInstance): void {
  const refuse = async (_request: unknown, reply: FastifyReply) => sendError(reply, methodNotAllowedErrorBody());
  for (const path of READ_ONLY_PATHS) {
    api.put(path, refuse);
    api.delete(path, refuse);
  }
}
