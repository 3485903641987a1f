import type { MetricsBackend } from '../resources/metrics-backend.js';
import { goRegexpError } from './go-regexp-syntax.js';
import { type DecodedMessage, type MessageFields, decodeStruct } from './jsonpb-struct-decoder.js';
import type { ViolationSink } from './violation.js';

/** `PrometheusMetricsBackendConfig` (`api/mesh/v1alpha1/metrics.proto`), fields in descriptor order. */
const PROMETHEUS_CONFIG: MessageFields = [
  ['port', { kind: 'uint32' }],
  ['path', { kind: 'string' }],
  ['tags', { kind: 'stringMap' }],
  ['skipMTLS', { kind: 'boolValue' }],
  [
    'aggregate',
    {
      kind: 'list',
      element: {
        kind: 'message',
        fields: [
          ['name', { kind: 'string' }],
          ['port', { kind: 'uint32' }],
          ['path', { kind: 'string' }],
          ['enabled', { kind: 'boolValue' }],
          ['address', { kind: 'string' }],
        ],
      },
    },
  ],
  [
    'envoy',
    {
      kind: 'message',
      fields: [
        ['filterRegex', { kind: 'string' }],
        ['usedOnly', { kind: 'boolValue' }],
      ],
    },
  ],
  [
    'tls',
    {
      kind: 'message',
      fields: [
        [
          'mode',
          {
            kind: 'enum',
            fullName: 'kuma.mesh.v1alpha1.PrometheusTlsConfig.Mode',
            values: ['activeMTLSBackend', 'providedTLS', 'disabled'],
          },
        ],
      ],
    },
  ],
];

const TLS_ACTIVE_MTLS_BACKEND = 0;
const TLS_DISABLED = 2;

/**
 * Kuma's `validateMetricsBackend` for one backend (Dataplane `metrics`; Mesh `metrics.backends[i]`): an
 * unknown type, or else the Prometheus `conf` checks. `path` is the backend's own path (`metrics` or
 * `metrics.backends[0]`).
 */
export function validateMetricsBackendType(out: ViolationSink, path: string, backend: MetricsBackend): void {
  if (backend.type !== 'prometheus') {
    out.push({ field: path + '.type', message: 'unknown backend type. Available backends: "prometheus"' });
  } else {
    validatePrometheusConfig(out, path + '.conf', backend.conf);
  }
}

/**
 * Kuma's `validatePrometheusConfig`, at `path` (`metrics.conf`). Stops at the first of: `conf` does not
 * decode (`could not parse config: …`), `skipMTLS` set together with a `tls` block that disagrees with it,
 * an `envoy.filterRegex` Go cannot compile. Then reports every repeated `aggregate[i].name` after its first
 * use.
 */
export function validatePrometheusConfig(out: ViolationSink, path: string, conf: Readonly<Record<string, unknown>> | undefined): void {
  if (conf === undefined) return;
  const decoded = decodeStruct(conf, PROMETHEUS_CONFIG);
  if (!decoded.ok) {
    out.push({ field: path, message: `could not parse config: ${decoded.error}` });
    return;
  }
  const cfg = decoded.value;
  const skipMTLS = cfg['skipMTLS'] as boolean | undefined;
  const tls = cfg['tls'] as DecodedMessage | undefined;
  if (skipMTLS !== undefined && tls !== undefined) {
    // hasEqualConfiguration: skipMTLS=false with mode activeMTLSBackend, or true with mode disabled, agree.
    const mode = (tls['mode'] as number | undefined) ?? TLS_ACTIVE_MTLS_BACKEND;
    const agree = skipMTLS ? mode === TLS_DISABLED : mode === TLS_ACTIVE_MTLS_BACKEND;
    if (!agree) {
      out.push({ field: path, message: 'skipMTLS and tls configuration cannot be defined together' });
      return;
    }
  }
  const envoy = cfg['envoy'] as DecodedMessage | undefined;
  const regexError = goRegexpError((envoy?.['filterRegex'] as string | undefined) ?? '');
  if (regexError !== undefined) {
    out.push({ field: path + '.envoy.filterRegex', message: `provided regexp isn't correct: ${regexError}` });
    return;
  }
  const aggregate = (cfg['aggregate'] as readonly DecodedMessage[] | undefined) ?? [];
  const used = new Set<string>();
  aggregate.forEach((entry, i) => {
    const name = (entry['name'] as string | undefined) ?? '';
    if (used.has(name)) {
      out.push({ field: `${path}.aggregate[${i}].name`, message: `duplicate entry: ${name}, values have to be unique` });
    } else {
      used.add(name);
    }
  });
}
