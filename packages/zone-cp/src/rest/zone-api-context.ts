import type { Logger } from 'pino';
import type { AdminAccess, ApiAuthenticationOptions } from '@kumiko/rest';
import type { GlobalReplica } from '../global-replica.js';
import type { ZoneResourceStore } from '../zone-resource-store.js';

/** What the zone CP's REST routes read and write. */
export interface ZoneApiContext {
  readonly zoneName: string;
  /** This zone CP process's id, as `GET /` reports it. */
  readonly instanceId: string;
  readonly store: ZoneResourceStore;
  readonly replica: GlobalReplica;
  /** A service's `addressPort` (`<service>.mesh:80`). */
  readonly addressPort: (service: string) => string;
  /** Who may read Secrets. */
  readonly adminAccess: AdminAccess;
  readonly logger: Logger;
  /** How API requests are authenticated (localhost admin, user tokens). */
  readonly authentication: ApiAuthenticationOptions;
  /** Who may write resources besides admins. */
  readonly writeAccess: AdminAccess;
}
