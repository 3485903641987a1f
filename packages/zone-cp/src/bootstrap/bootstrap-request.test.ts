import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bootstrapRequestSchema } from './bootstrap-request.js';

/** The body kumiko-dp's `buildBootstrapRequest` sends (packages/dp/src/bootstrap/bootstrap-request.ts). */
const kumikoDpRequest = {
  mesh: 'default',
  name: 'web-1',
  proxyType: 'dataplane',
  dataplaneToken: '',
  dataplaneTokenPath: '/run/token',
  dataplaneResource: '{"type":"Dataplane"}',
  version: {
    kumaDp: { version: '2.13.10', gitTag: 'v2.13.10', gitCommit: 'unknown', buildDate: 'unknown' },
    envoy: { version: '1.36.0', build: 'abc/1.36.0/Clean/RELEASE/BoringSSL', kumaDpCompatible: true },
  },
  caCert: '',
  dynamicMetadata: { team: 'payments' },
  dnsPort: 15053,
  readinessPort: 0,
  appProbeProxyDisabled: false,
  operatingSystem: 'linux',
  features: ['feature-delta-grpc'],
  resources: { maxHeapSizeBytes: 0 },
  workdir: '/tmp/kumiko-dp',
};

describe('bootstrapRequestSchema', () => {
  it("given kumiko-dp's request, when parsed, then every field comes through unchanged", () => {
    // when
    const parsed = bootstrapRequestSchema.parse(kumikoDpRequest);
    // then
    assert.deepEqual(parsed, { ...kumikoDpRequest, ipv6Enabled: false });
  });

  it("given an empty object, when parsed, then Kuma's zero values (proxy type dataplane)", () => {
    const parsed = bootstrapRequestSchema.parse({});
    assert.equal(parsed.proxyType, 'dataplane');
    assert.deepEqual(
      [
        parsed.mesh,
        parsed.name,
        parsed.dataplaneResource,
        parsed.dnsPort,
        parsed.readinessPort,
        parsed.features,
        parsed.dynamicMetadata,
        parsed.ipv6Enabled,
        parsed.appProbeProxyDisabled,
      ],
      ['', '', '', 0, 0, [], {}, false, false],
    );
    assert.equal(parsed.dataplaneConfig, undefined);
  });

  it('given fields this server does not know, when parsed, then they are dropped, not rejected', () => {
    const parsed = bootstrapRequestSchema.parse({ name: 'web-1', metricsCertPath: '/m', systemCaPath: '/ca', bootstrapVersion: '3' });
    assert.equal(parsed.name, 'web-1');
    assert.equal('metricsCertPath' in parsed, false);
  });

  it('given transparent-proxy settings in dataplaneConfig, when parsed, then they are kept (they switch the outbound rule)', () => {
    const parsed = bootstrapRequestSchema.parse({ dataplaneConfig: { redirectPortInbound: 15006 } });
    assert.deepEqual(parsed.dataplaneConfig, { redirectPortInbound: 15006 });
  });

  const invalid: [string, unknown, string][] = [
    ['an unknown proxy type', { proxyType: 'sidecar' }, 'proxyType'],
    ['a DNS port out of range', { dnsPort: 70000 }, 'dnsPort'],
    ['a resource that is an object, not a string', { dataplaneResource: { type: 'Dataplane' } }, 'dataplaneResource'],
    ['features that are not strings', { features: [1] }, 'features.0'],
    ['a body that is not an object', ['dataplane'], ''],
  ];
  for (const [what, body, path] of invalid) {
    it(`given ${what}, when parsed, then it fails at "${path}"`, () => {
      const result = bootstrapRequestSchema.safeParse(body);
      assert.equal(result.success, false);
      assert.equal(result.error?.issues[0]?.path.join('.'), path);
    });
  }
});
