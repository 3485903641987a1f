import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateMetricsBackendType, validatePrometheusConfig } from './metrics-backend-validator.js';
import type { Violation } from './violation.js';

function prometheus(conf: Record<string, unknown> | undefined): Violation[] {
  const out: Violation[] = [];
  validatePrometheusConfig(out, 'metrics.conf', conf);
  return out;
}

describe('validatePrometheusConfig', () => {
  const cases: readonly (readonly [string, Record<string, unknown> | undefined, readonly Violation[]])[] = [
    ['no conf', undefined, []],
    [
      'a full valid conf',
      {
        port: 5670,
        path: '/metrics',
        tags: { team: 'x' },
        skipMTLS: false,
        tls: { mode: 'activeMTLSBackend' },
        envoy: { filterRegex: '^envoy_cluster_.*', usedOnly: true },
        aggregate: [{ name: 'app', port: 8000, path: '/m', enabled: true, address: '127.0.0.1' }],
      },
      [],
    ],
    ['skipMTLS without tls', { skipMTLS: true }, []],
    ['tls without skipMTLS', { tls: { mode: 'providedTLS' } }, []],
    [
      'skipMTLS false with tls disabled',
      { skipMTLS: false, tls: { mode: 'disabled' } },
      [{ field: 'metrics.conf', message: 'skipMTLS and tls configuration cannot be defined together' }],
    ],
    [
      'skipMTLS true with the default tls mode (activeMTLSBackend)',
      { skipMTLS: true, tls: {} },
      [{ field: 'metrics.conf', message: 'skipMTLS and tls configuration cannot be defined together' }],
    ],
    ['skipMTLS true with tls mode given by number 2 (disabled)', { skipMTLS: true, tls: { mode: 2 } }, []],
    [
      'a parse error stops everything else',
      { port: -1, aggregate: [{ name: 'a' }, { name: 'a' }] },
      [{ field: 'metrics.conf', message: 'could not parse config: json: cannot unmarshal number -1 into Go value of type uint32' }],
    ],
    [
      'a bad regex stops the duplicate check',
      { envoy: { filterRegex: 'a**' }, aggregate: [{ name: 'a' }, { name: 'a' }] },
      [
        {
          field: 'metrics.conf.envoy.filterRegex',
          message: "provided regexp isn't correct: error parsing regexp: invalid nested repetition operator: `**`",
        },
      ],
    ],
    [
      'duplicate aggregate names, including unnamed entries',
      { aggregate: [{}, { name: 'x' }, {}, { name: 'x' }, { name: 'x' }] },
      [
        { field: 'metrics.conf.aggregate[2].name', message: 'duplicate entry: , values have to be unique' },
        { field: 'metrics.conf.aggregate[3].name', message: 'duplicate entry: x, values have to be unique' },
        { field: 'metrics.conf.aggregate[4].name', message: 'duplicate entry: x, values have to be unique' },
      ],
    ],
  ];
  for (const [name, conf, expected] of cases) it(name, () => assert.deepEqual(prometheus(conf), expected));
});

describe('validateMetricsBackendType', () => {
  it('accepts prometheus and rejects anything else at <path>.type', () => {
    const out: Violation[] = [];
    validateMetricsBackendType(out, 'metrics.backends[0]', { name: 'a', type: 'prometheus' });
    validateMetricsBackendType(out, 'metrics.backends[1]', { name: 'b', type: 'Prometheus' });
    assert.deepEqual(out, [{ field: 'metrics.backends[1].type', message: 'unknown backend type. Available backends: "prometheus"' }]);
  });
});
