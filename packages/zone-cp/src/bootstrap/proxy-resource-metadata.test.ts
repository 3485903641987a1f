import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeDataplane, decodeZoneEgress, decodeZoneIngress } from '@kumiko/api';
import { bootstrapRequestSchema } from './bootstrap-request.js';
import { buildEnvoyBootstrap } from './envoy-bootstrap-builder.js';
import { readProxyResource, resourceFromNodeMetadata } from './proxy-resource-metadata.js';

const raw = {
  dataplane: {
    type: 'Dataplane',
    mesh: 'default',
    name: 'web-1',
    networking: { address: '10.0.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web' } }] },
  },
  ingress: {
    type: 'ZoneIngress',
    name: 'zi-1',
    networking: { address: '10.0.0.9', port: 10001, advertisedAddress: '192.0.2.1', advertisedPort: 10001 },
  },
  egress: { type: 'ZoneEgress', name: 'ze-1', networking: { address: '10.0.0.10', port: 10002 } },
} as const;
const decoders = { dataplane: decodeDataplane, ingress: decodeZoneIngress, egress: decodeZoneEgress } as const;
const params = { xdsHost: '127.0.0.1', xdsPort: 5678, xdsConnectTimeoutMs: 1000, adminAddress: '127.0.0.1', adminPort: 9901 };

/** node.metadata as the ADS server sees it: the bootstrap's Struct, decoded to plain JSON. */
function nodeMetadataOf(proxyType: keyof typeof raw): { [key: string]: unknown } {
  const result = decoders[proxyType](raw[proxyType]);
  if (!result.ok) throw new Error('invalid fixture');
  const config = buildEnvoyBootstrap(result.value, bootstrapRequestSchema.parse({ proxyType }), params) as { node: { metadata: unknown } };
  return JSON.parse(JSON.stringify(config.node.metadata)) as { [key: string]: unknown };
}

describe('resourceFromNodeMetadata', () => {
  for (const proxyType of ['dataplane', 'ingress', 'egress'] as const) {
    it(`given the node metadata of a ${proxyType} bootstrap, when read, then the same resource comes back`, () => {
      // given
      const metadata = nodeMetadataOf(proxyType);
      // when
      const resource = resourceFromNodeMetadata(metadata);
      // then
      const expected = decoders[proxyType](raw[proxyType]);
      assert.ok(expected.ok);
      assert.deepEqual(resource, expected.value);
    });
  }

  it('given the resource as YAML, when read, then it is decoded like JSON', () => {
    const yaml = 'type: ZoneEgress\nname: ze-1\nnetworking:\n  address: 10.0.0.10\n  port: 10002\n';
    assert.equal(resourceFromNodeMetadata({ 'dataplane.proxyType': 'egress', 'dataplane.resource': yaml })?.name, 'ze-1');
  });

  const unusable: [string, { [key: string]: unknown } | undefined][] = [
    ['no metadata', undefined],
    ['no dataplane.resource', { 'dataplane.proxyType': 'dataplane' }],
    ['an empty resource', { 'dataplane.resource': '' }],
    ['a resource that is not a string', { 'dataplane.resource': raw.dataplane }],
    ['a resource that does not parse', { 'dataplane.resource': '{"type": ' }],
    [
      'an invalid Dataplane (no inbound, no gateway)',
      { 'dataplane.resource': '{"type":"Dataplane","mesh":"default","name":"x","networking":{"address":"10.0.0.1"}}' },
    ],
    [
      'an invalid ZoneEgress (port 0)',
      { 'dataplane.proxyType': 'egress', 'dataplane.resource': '{"type":"ZoneEgress","name":"ze-1","networking":{"address":"10.0.0.10"}}' },
    ],
    [
      'a resource whose type is not the proxy type',
      { 'dataplane.proxyType': 'ingress', 'dataplane.resource': JSON.stringify(raw.dataplane) },
    ],
  ];
  for (const [what, metadata] of unusable) {
    it(`given ${what}, when read, then undefined (the proxy is not registered)`, () => {
      assert.equal(resourceFromNodeMetadata(metadata), undefined);
    });
  }
});

describe('readProxyResource', () => {
  const rejected: [string, string, 'dataplane' | 'ingress' | 'egress', boolean, string[]][] = [
    [
      'two documents',
      `${JSON.stringify(raw.dataplane)}\n---\n${JSON.stringify(raw.dataplane)}`,
      'dataplane',
      false,
      [': expected one resource, found 2'],
    ],
    [
      'a Dataplane sent as egress',
      JSON.stringify(raw.dataplane),
      'egress',
      false,
      ['type: must be ZoneEgress for proxy type egress, got "Dataplane"'],
    ],
    [
      'explicit outbounds under transparent proxying',
      JSON.stringify({
        ...raw.dataplane,
        networking: { ...raw.dataplane.networking, outbound: [{ port: 1, tags: { 'kuma.io/service': 'db' } }] },
      }),
      'dataplane',
      true,
      ['outbound: should be empty since dataplane is in Transparent Proxying mode'],
    ],
  ];
  for (const [what, text, proxyType, transparentProxy, violations] of rejected) {
    it(`given ${what}, when read, then the violations say so`, () => {
      const result = readProxyResource(text, proxyType, transparentProxy);
      assert.equal(result.ok, false);
      if (!result.ok)
        assert.deepEqual(
          result.violations.map((v) => `${v.field}: ${v.message}`),
          violations,
        );
    });
  }
});
