import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRunConfig } from './run-config.js';
import { UsageError } from './usage-error.js';

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error.problems;
    throw error;
  }
  assert.fail('expected a UsageError');
}

describe('parseRunConfig', () => {
  it('given only a dataplane file, when parsed, then every other setting has its documented default', () => {
    const config = parseRunConfig({ dataplaneFile: 'dp.yaml' }, {});
    assert.deepEqual(config, {
      cpAddress: 'http://127.0.0.1:5678',
      caCertFile: undefined,
      resource: { kind: 'file', path: 'dp.yaml' },
      vars: new Map(),
      name: undefined,
      mesh: undefined,
      proxyType: 'dataplane',
      dataplaneToken: undefined,
      dataplaneTokenFile: undefined,
      binaryPath: 'envoy',
      configDir: undefined,
      adminPort: undefined,
      drainTimeMs: 30_000,
      envoyLogLevel: 'info',
      concurrency: 0,
      bootstrapTimeoutMs: 60_000,
      dns: { enabled: true, port: 15053, upstream: undefined, pollIntervalMs: 1_000 },
      proxyless: { enabled: false, adsAddress: { host: '127.0.0.1', port: 0 } },
      logLevel: 'info',
    });
  });

  it('given flags and kuma-dp environment variables, when parsed, then a flag beats its variable', () => {
    // given
    const env = {
      KUMA_CONTROL_PLANE_URL: 'http://cp:5678/',
      KUMA_DATAPLANE_NAME: 'from-env',
      KUMA_DATAPLANE_MESH: 'm1',
      KUMA_DNS_ENABLED: 'false',
      KUMA_DATAPLANE_DRAIN_TIME: '5s',
    };
    // when
    const config = parseRunConfig(
      { dataplaneFile: 'dp.yaml', name: 'from-flag', proxyType: 'ingress', dnsUpstream: '[::1]:5353', dataplaneVar: ['a=1'] },
      env,
    );
    // then
    assert.equal(config.cpAddress, 'http://cp:5678');
    assert.equal(config.name, 'from-flag');
    assert.equal(config.mesh, 'm1');
    assert.equal(config.proxyType, 'ingress');
    assert.equal(config.dns.enabled, false);
    assert.deepEqual(config.dns.upstream, { host: '::1', port: 5353 });
    assert.equal(config.drainTimeMs, 5_000);
    assert.deepEqual([...config.vars], [['a', '1']]);
  });

  it('given a bare --dns-enabled, when parsed, then DNS is on; given --dns-enabled false, then off', () => {
    assert.equal(parseRunConfig({ dataplaneFile: 'f', dnsEnabled: true }, { KUMA_DNS_ENABLED: 'false' }).dns.enabled, true);
    assert.equal(parseRunConfig({ dataplaneFile: 'f', dnsEnabled: 'false' }, {}).dns.enabled, false);
  });

  it('given several bad values, when parsed, then one UsageError lists every problem with its flag or variable', () => {
    const problems = problemsOf(() =>
      parseRunConfig(
        {
          dataplaneFile: 'f',
          dataplane: 'type: Dataplane',
          proxyType: 'sidecar',
          dataplaneVar: ['noequals'],
          adminPort: '70000',
          cpAddress: 'cp:5678',
        },
        { KUMA_DATAPLANE_DRAIN_TIME: 'soon' },
      ),
    );
    assert.deepEqual(problems, [
      '--dataplane and --dataplane-file: give only one of them',
      '--dataplane-var: "noequals" must be key=value',
      '--cp-address="cp:5678": expected an http:// or https:// URL',
      '--proxy-type="sidecar": expected dataplane, ingress or egress',
      '--admin-port="70000": Too big: expected number to be <=65535',
      'KUMA_DATAPLANE_DRAIN_TIME (--drain-time)="soon": expected a non-negative Go duration such as 30s or 1m30s',
    ]);
  });

  it('given neither a resource nor a name, when parsed, then the dataplane file is required', () => {
    assert.deepEqual(
      problemsOf(() => parseRunConfig({}, {})),
      ['--dataplane-file (or --dataplane, or --name of a proxy the CP already knows) is required'],
    );
  });

  it('given a DNS upstream that is a hostname, when parsed, then it is rejected', () => {
    assert.deepEqual(
      problemsOf(() => parseRunConfig({ dataplaneFile: 'f', dnsUpstream: 'dns.google' }, {})),
      ['--dns-upstream="dns.google": expected an IP address with an optional :port'],
    );
  });

  it('given --proxyless with a loopback relay address from its variable, when parsed, then proxyless mode serves ADS there', () => {
    const config = parseRunConfig({ dataplaneFile: 'f', proxyless: true }, { KUMIKO_PROXYLESS_ADS_ADDRESS: '[::1]:15010' });
    assert.deepEqual(config.proxyless, { enabled: true, adsAddress: { host: '::1', port: 15010 } });
  });

  it('given a relay address off the loopback, or a proxyless ingress, when parsed, then both are refused', () => {
    assert.deepEqual(
      problemsOf(() =>
        parseRunConfig({ dataplaneFile: 'f', proxyless: 'true', proxylessAdsAddress: '0.0.0.0:15010', proxyType: 'ingress' }, {}),
      ),
      [
        '--proxyless-ads-address="0.0.0.0:15010": expected a loopback ip:port (127.0.0.1:0, [::1]:15000): the relay is plaintext',
        '--proxyless runs beside a proxyless gRPC app, which is a Dataplane: --proxy-type ingress cannot be proxyless',
      ],
    );
  });
});
