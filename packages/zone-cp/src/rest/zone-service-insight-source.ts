import { buildServiceInsights, dataplaneFactsFrom, insightFactsFrom, type ServiceInsightStat } from '@kumiko/api';
import { SubjectKinds } from '@kumiko/events';
import type { ServiceInsightSource } from '@kumiko/rest';
import type { ZoneApiContext } from './zone-api-context.js';

const EPOCH = new Date(0).toISOString();

/**
 * Service insights on a zone, as Kuma's zone API serves them: computed on request from the zone's own
 * Dataplanes and their insights (so they describe this zone only), with the mesh's times from the replica.
 */
export function zoneServiceInsightSource(ctx: ZoneApiContext): ServiceInsightSource {
  const serviceInsights = (mesh: string): ServiceInsightStat[] =>
    buildServiceInsights(
      ctx.store.list(SubjectKinds.Dataplane, mesh).map((dataplane) => {
        const insight = ctx.store.get({ kind: SubjectKinds.DataplaneInsight, mesh, name: dataplane.name });
        return {
          // The facts read only tags, states, health, gateway type and subscriptions, which a decoded
          // resource holds exactly as its Kuma JSON form does: no conversion needed.
          dataplane: dataplaneFactsFrom(dataplane),
          insight: insight === undefined ? undefined : insightFactsFrom(insight),
        };
      }),
    );
  return {
    meshesWithDataplanes: () => [...new Set(ctx.store.list(SubjectKinds.Dataplane).map((dataplane) => dataplane.mesh))].sort(),
    serviceInsights,
    meshExists: (mesh) => ctx.replica.get(SubjectKinds.Mesh, mesh) !== undefined,
    meshTimes: (mesh) => {
      const resource = ctx.replica.get(SubjectKinds.Mesh, mesh);
      return { creationTime: resource?.creationTime ?? EPOCH, modificationTime: resource?.modificationTime ?? EPOCH };
    },
    addressPort: ctx.addressPort,
  };
}
