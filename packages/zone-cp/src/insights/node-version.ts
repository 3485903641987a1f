import { z } from 'zod';
import type { DataplaneVersion } from '@kumiko/api';
import type { AdsNode } from '../lifecycle/proxy-lifecycle.js';

const text = z.string().catch('');
const flag = z.boolean().catch(false);

/** The `version` object kuma-dp sends in its bootstrap request, which `/bootstrap` copies into the node metadata. */
const nodeVersionSchema = z.object({
  kumaDp: z
    .object({ version: text, gitTag: text, gitCommit: text, buildDate: text, kumaCpCompatible: flag.default(true) })
    .partial()
    .optional()
    .catch(undefined),
  envoy: z
    .object({ version: text, build: text, kumaDpCompatible: flag.default(true) })
    .partial()
    .optional()
    .catch(undefined),
});

/**
 * The proxy's versions for its DataplaneInsight subscription, from `node.metadata.version`;
 * `undefined` when the node sent none (proxyless clients, a bare Envoy). Never throws.
 */
export function versionFromNode(node: AdsNode): DataplaneVersion | undefined {
  const parsed = nodeVersionSchema.safeParse(node.metadata?.['version']);
  if (!parsed.success || (parsed.data.kumaDp === undefined && parsed.data.envoy === undefined)) return undefined;
  const { kumaDp, envoy } = parsed.data;
  return {
    ...(kumaDp === undefined
      ? {}
      : {
          kumaDp: {
            version: kumaDp.version ?? '',
            gitTag: kumaDp.gitTag ?? '',
            gitCommit: kumaDp.gitCommit ?? '',
            buildDate: kumaDp.buildDate ?? '',
            kumaCpCompatible: kumaDp.kumaCpCompatible ?? true,
          },
        }),
    ...(envoy === undefined
      ? {}
      : { envoy: { version: envoy.version ?? '', build: envoy.build ?? '', kumaDpCompatible: envoy.kumaDpCompatible ?? true } }),
    dependencies: {},
  };
}
