import type { GlobalReplica } from '../global-replica.js';
import type { ZoneResourceStore } from '../zone-resource-store.js';

/** What the xDS side reads of the zone's own state (a {@link ZoneResourceStore} or a test fake). */
export type ZoneStateSource = Pick<ZoneResourceStore, 'list' | 'onChange'>;

/** What the xDS side reads of the global view (a {@link GlobalReplica} or a test fake). */
export type GlobalStateSource = Pick<GlobalReplica, 'list' | 'onChange'>;
