import type { FastifyInstance, FastifyReply } from 'fastify';
import { methodNotAllowedErrorBody } from '@kumiko/api';
import { sendError } from '@kumiko/rest';

/**
 * Insights the CP computes that are not resource types of the registry (whose writes the registry's routes
 * refuse already): on the global CP, PUT and DELETE answer 405 with Kuma's message.
 */
const COMPUTED_PATHS = ['/meshes/:mesh/service-insights/:name', '/zoneingress-insights/:name', '/zoneegress-insights/:name'];

export function registerReadOnlyRoutes(api: FastifyInstance): void {
  const refuse = async (_request: unknown, reply: FastifyReply) => sendError(reply, methodNotAllowedErrorBody());
  for (const path of COMPUTED_PATHS) {
    api.put(path, refuse);
    api.delete(path, refuse);
  }
}
