import type { ResourceType } from '@kumiko/api';

/**
 * How Kuma presents a type together with its insight (`DataplaneOverview`, `ZoneOverview` …): the overview's
 * `type`, the field that nests the spec, the field that nests the insight, and the legacy collection path
 * segment Kuma still serves overviews under (`dataplanes+insights`, `zoneegressoverviews`).
 */
export interface OverviewKind {
  readonly type: string;
  readonly specField: string;
  readonly insightField: string;
  readonly legacyPlural: string;
}

/** The types Kuma serves overviews of; `GET <collection>/_overview` and `<collection>/:name/_overview`. */
export const OVERVIEW_KINDS: Readonly<Partial<Record<ResourceType, OverviewKind>>> = {
  Dataplane: { type: 'DataplaneOverview', specField: 'dataplane', insightField: 'dataplaneInsight', legacyPlural: 'dataplanes+insights' },
  ZoneIngress: { type: 'ZoneIngressOverview', specField: 'zoneIngress', insightField: 'zoneIngressInsight', legacyPlural: 'zoneingresses+insights' },
  ZoneEgress: { type: 'ZoneEgressOverview', specField: 'zoneEgress', insightField: 'zoneEgressInsight', legacyPlural: 'zoneegressoverviews' },
  Zone: { type: 'ZoneOverview', specField: 'zone', insightField: 'zoneInsight', legacyPlural: 'zones+insights' },
};
