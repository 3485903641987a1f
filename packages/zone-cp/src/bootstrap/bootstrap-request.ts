import { z } from 'zod';

/** kuma-dp's proxy types (`proxyType` of the bootstrap request). */
export const BootstrapProxyTypes = { dataplane: 'dataplane', ingress: 'ingress', egress: 'egress' } as const;
export type BootstrapProxyType = (typeof BootstrapProxyTypes)[keyof typeof BootstrapProxyTypes];

const text = z.string().default('');

/**
 * Kuma's `BootstrapRequest` (`pkg/xds/bootstrap/types/bootstrap_request.go`) as kuma-dp and kumiko-dp
 * send it to `POST /bootstrap`. Every field is optional with Kuma's zero value; unknown fields are
 * ignored, so newer clients keep working.
 */
export const bootstrapRequestSchema = z.object({
  mesh: text,
  name: text,
  proxyType: z.enum(['dataplane', 'ingress', 'egress']).default('dataplane'),
  dataplaneToken: text,
  dataplaneTokenPath: text,
  /** The rendered resource, YAML or JSON. */
  dataplaneResource: text,
  version: z
    .object({
      kumaDp: z.object({ version: text, gitTag: text, gitCommit: text, buildDate: text }).partial().default({}),
      envoy: z
        .object({ version: text, build: text, kumaDpCompatible: z.boolean().default(true) })
        .partial()
        .default({}),
    })
    .partial()
    .default({}),
  caCert: text,
  dynamicMetadata: z.record(z.string(), z.string()).default({}),
  dnsPort: z.number().int().min(0).max(65535).default(0),
  readinessPort: z.number().int().min(0).max(65535).default(0),
  appProbeProxyDisabled: z.boolean().default(false),
  operatingSystem: text,
  features: z.array(z.string()).default([]),
  resources: z
    .object({ maxHeapSizeBytes: z.number().int().min(0).default(0) })
    .partial()
    .default({}),
  workdir: text,
  /** Transparent proxy settings; when present, explicit outbounds are rejected. */
  dataplaneConfig: z.record(z.string(), z.unknown()).optional(),
  ipv6Enabled: z.boolean().default(false),
});

export type BootstrapRequest = z.infer<typeof bootstrapRequestSchema>;
