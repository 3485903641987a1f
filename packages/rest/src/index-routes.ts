import type { FastifyInstance, FastifyRequest } from 'fastify';
import { resourceTypeDescriptors, type Owner } from '@kumiko/api';
import type { ApiUser } from './api-user.js';
import { requestUser } from './request-user.js';
import { controlPlaneIndex, type ControlPlaneIndexOptions } from './control-plane-index.js';
import { policyCatalogue } from './policy-catalogue.js';
import { resourceTypeCatalogue } from './resource-type-catalogue.js';

export interface IndexRoutesOptions extends ControlPlaneIndexOptions {
  /** Which control plane answers: the catalogues mark what it does not accept writes of as `readOnly`. */
  readonly controlPlane: Owner;
  /** Who a request runs as. Default: `requestUser`, what the authentication step recorded. */
  readonly user?: (request: FastifyRequest) => ApiUser;
}

/**
 * Registers the index routes clients call first, answering as Kuma's API server does:
 *
 * - `GET /`: what answers (product, version, the Kuma version it is based on, instance and cluster ids);
 * - `GET /who-am-i`: `{name, groups}` of the request's user;
 * - `GET /_resources`: the type catalogue, from the resource-type registry;
 * - `GET /policies`: the policy catalogue, the registry's policy types.
 */
export function registerIndexRoutes(api: FastifyInstance, options: IndexRoutesOptions): void {
  const user = options.user ?? requestUser;
  api.get('/', () => controlPlaneIndex(options));
  api.get('/who-am-i', (request) => {
    const { name, groups } = user(request);
    return { name, groups };
  });
  api.get('/_resources', () => resourceTypeCatalogue(resourceTypeDescriptors(), options.controlPlane));
  api.get('/policies', () => policyCatalogue(resourceTypeDescriptors(), options.controlPlane));
}
