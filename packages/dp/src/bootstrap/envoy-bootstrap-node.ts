import { parseYamlDocuments } from '@kumiko/api';
import { z } from 'zod';
import { BootstrapResponseError } from './bootstrap-response.js';

/** What an ADS client needs of an Envoy bootstrap: who it is and where ADS is. */
export interface EnvoyBootstrapNode {
  readonly id: string;
  readonly cluster: string;
  /** The node metadata as given (the resource in `dataplane.resource`, versions, ports); plain JSON. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** The first endpoint of `ads_cluster`. */
  readonly ads: { readonly host: string; readonly port: number };
}

const socketAddress = z.object({
  address: z.string().min(1),
  port_value: z.coerce.number().int().min(1).max(65535),
});
const bootstrapSchema = z.object({
  node: z.object({ id: z.string().min(1), cluster: z.string().default(''), metadata: z.record(z.string(), z.unknown()).default({}) }),
  static_resources: z.object({
    clusters: z.array(
      z.object({
        name: z.string(),
        load_assignment: z
          .object({
            endpoints: z.array(
              z.object({
                lb_endpoints: z.array(z.object({ endpoint: z.object({ address: z.object({ socket_address: socketAddress }) }) })),
              }),
            ),
          })
          .optional(),
      }),
    ),
  }),
});

/**
 * Reads the node and the ADS endpoint from the Envoy bootstrap the zone CP answered (Kuma's layout: `node`, and a
 * static `ads_cluster` that ADS goes through), so that kumiko-dp's proxyless agent opens ADS exactly as that
 * Envoy would. Throws {@link BootstrapResponseError} when either is missing.
 */
export function readEnvoyBootstrapNode(bootstrapYaml: string): EnvoyBootstrapNode {
  const parsed = bootstrapSchema.safeParse(parseYamlDocuments(bootstrapYaml)[0]?.value);
  if (!parsed.success) {
    throw new BootstrapResponseError(
      `the bootstrap has no usable node or ads_cluster: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
  }
  const { node, static_resources: resources } = parsed.data;
  const ads = resources.clusters.find((cluster) => cluster.name === 'ads_cluster')?.load_assignment?.endpoints[0]?.lb_endpoints[0]?.endpoint
    .address.socket_address;
  if (ads === undefined) throw new BootstrapResponseError('the bootstrap has no ads_cluster endpoint');
  return { id: node.id, cluster: node.cluster, metadata: node.metadata, ads: { host: ads.address, port: ads.port_value } };
}
