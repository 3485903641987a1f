import type { ServiceInsightSource } from '@kumiko/rest';
import { getResource } from '@kumiko/store';
import type { ApiContext } from './api-context.js';

/** Service insights on the global: from the dataplane facts of every zone (at most one resync interval old). */
export function globalServiceInsightSource(ctx: ApiContext): ServiceInsightSource {
  return {
    meshesWithDataplanes: () => ctx.facts.meshesWithDataplanes(),
    serviceInsights: (mesh) => ctx.facts.serviceInsights(mesh),
    meshExists: async (mesh) => (await getResource(ctx.db, { type: 'Mesh', mesh: '', name: mesh })) !== undefined,
    meshTimes: (mesh) => {
      const times = ctx.facts.meshTimes(mesh);
      return { creationTime: times.creationTime.toISOString(), modificationTime: times.modificationTime.toISOString() };
    },
    addressPort: ctx.addressPort,
  };
}
