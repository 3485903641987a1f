import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeResource } from '../decoding/resource-decoder.js';
import type { Resource } from '../registry/resource-type-registry.js';
import { resourceToJson } from '../registry/resource-to-json.js';

function decoded(input: unknown): Resource {
  const result = decodeResource(input);
  if (!result.ok) assert.fail(JSON.stringify(result.issues));
  return result.value;
}

describe('resourceToJson', () => {
  it('given a Dataplane with service probes when encoded then durations are strings and it decodes back equal', () => {
    const dp = decoded({
      type: 'Dataplane',
      mesh: 'default',
      name: 'dp-1',
      networking: {
        address: '10.0.0.1',
        inbound: [
          { port: 1, tags: { 'kuma.io/service': 'a' }, serviceProbe: { interval: '1m30s', timeout: '1.5s', tcp: {} } },
          { port: 2, tags: { 'kuma.io/service': 'b' } },
        ],
      },
    });
    const json = JSON.parse(JSON.stringify(resourceToJson(dp)));
    assert.deepEqual(json.networking.inbound[0].serviceProbe, { interval: '90s', timeout: '1.500s', tcp: {} });
    assert.deepEqual(decoded(json), dp);
  });

  it('given a Mesh with CA timeouts when encoded then it decodes back equal', () => {
    const mesh = decoded({
      type: 'Mesh',
      name: 'm',
      mtls: { enabledBackend: 'ca', backends: [{ name: 'ca', type: 'builtin', dpCert: { requestTimeout: '300ms' }, rootChain: {} }] },
    });
    const json = JSON.parse(JSON.stringify(resourceToJson(mesh)));
    assert.equal(json.mtls.backends[0].dpCert.requestTimeout, '0.300s');
    assert.deepEqual(decoded(json), mesh);
  });

  it('given an insight with counters when encoded then counters stay strings and it decodes back equal', () => {
    const insight = decoded({
      type: 'DataplaneInsight',
      mesh: 'default',
      name: 'dp-1',
      subscriptions: [{ id: 's', status: { total: { responsesSent: 3 } } }],
    });
    const text = JSON.stringify(resourceToJson(insight));
    assert.match(text, /"responsesSent":"3"/);
    assert.deepEqual(decoded(JSON.parse(text)), insight);
  });
});
