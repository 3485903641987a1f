import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AdminAccess, ApiAuthenticationOptions, ResourceWriter } from '@kumiko/rest';
import type { KumikoDatabase } from '@kumiko/store';
import type { DataplaneFactsIndex } from '../dataplane-facts-index.js';
import type { MeshService } from '../mesh-service.js';
import type { ZoneService } from '../zone-service.js';

/** What the REST routes use; built once by the global CP. */
export interface ApiContext {
  readonly db: Kysely<KumikoDatabase>;
  readonly instanceId: string;
  readonly facts: DataplaneFactsIndex;
  readonly meshes: MeshService;
  readonly zones: ZoneService;
  /** Writes of Secrets (admins only). */
  readonly secrets: ResourceWriter;
  /** Writes of GlobalSecrets (admins only). */
  readonly globalSecrets: ResourceWriter;
  /** A service's `addressPort` (`<service>.mesh:80`). */
  readonly addressPort: (service: string) => string;
  /** Who may read and write Secrets. */
  readonly adminAccess: AdminAccess;
  /** Who may generate dataplane tokens. */
  readonly generateDataplaneTokenAccess: AdminAccess;
  /** Who may generate zone tokens. */
  readonly generateZoneTokenAccess: AdminAccess;
  /** Who may generate user tokens. */
  readonly generateUserTokenAccess: AdminAccess;
  /** Which token kinds this control plane issues (Kuma's `enableIssuer` settings); a disabled kind answers 400. */
  readonly tokenIssuers: { readonly dataplane: boolean; readonly zone: boolean; readonly user: boolean };
  readonly logger: Logger;
  /** How API requests are authenticated (localhost admin, user tokens). */
  readonly authentication: ApiAuthenticationOptions;
  /** Who may write resources besides admins. */
  readonly writeAccess: AdminAccess;
}
