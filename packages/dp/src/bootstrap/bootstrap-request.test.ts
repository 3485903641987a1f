import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KUMIKO_VERSION } from '@kumiko/api';
import { buildBootstrapRequest } from './bootstrap-request.js';

describe('buildBootstrapRequest', () => {
  it("given a rendered Dataplane, when built, then Kuma's BootstrapRequest fields, with the resource as a JSON string", () => {
    const request = buildBootstrapRequest({
      proxyType: 'dataplane',
      name: 'dp-1',
      mesh: 'default',
      resourceJson: '{"type":"Dataplane"}',
      token: undefined,
      tokenPath: undefined,
      envoy: { version: '1.34.1', build: 'abc/1.34.1/Clean/RELEASE/BoringSSL' },
      dnsPort: 15053,
      workdir: '/tmp/kumiko-dp-x',
      operatingSystem: 'linux',
    });
    assert.deepEqual(request, {
      mesh: 'default',
      name: 'dp-1',
      proxyType: 'dataplane',
      dataplaneToken: '',
      dataplaneResource: '{"type":"Dataplane"}',
      version: {
        kumaDp: { version: KUMIKO_VERSION, gitTag: `v${KUMIKO_VERSION}`, gitCommit: 'unknown', buildDate: 'unknown' },
        envoy: { version: '1.34.1', build: 'abc/1.34.1/Clean/RELEASE/BoringSSL', kumaDpCompatible: true },
      },
      caCert: '',
      dynamicMetadata: {},
      dnsPort: 15053,
      readinessPort: 0,
      appProbeProxyDisabled: false,
      operatingSystem: 'linux',
      features: [],
      resources: { maxHeapSizeBytes: 0 },
      workdir: '/tmp/kumiko-dp-x',
    });
  });

  it('given a known proxy and a token file, when built, then no dataplaneResource and both token fields', () => {
    const request = buildBootstrapRequest({
      proxyType: 'ingress',
      name: 'zi-1',
      mesh: '',
      resourceJson: undefined,
      token: 'tok',
      tokenPath: '/t',
      envoy: { version: '1', build: 'b' },
      dnsPort: 0,
      workdir: '/w',
    });
    assert.equal('dataplaneResource' in request, false);
    assert.deepEqual([request.dataplaneToken, request.dataplaneTokenPath, request.operatingSystem], ['tok', '/t', process.platform]);
  });

  it('given an inline token (no file), when built, then dataplaneToken only, without dataplaneTokenPath', () => {
    const request = buildBootstrapRequest({
      proxyType: 'egress',
      name: 'ze-1',
      mesh: '',
      resourceJson: undefined,
      token: 'tok',
      tokenPath: undefined,
      envoy: { version: '1', build: 'b' },
      dnsPort: 0,
      workdir: '/w',
    });
    assert.equal(request.dataplaneToken, 'tok');
    assert.equal('dataplaneTokenPath' in request, false);
    assert.equal(JSON.parse(JSON.stringify(request)).dataplaneToken, 'tok');
  });
});
