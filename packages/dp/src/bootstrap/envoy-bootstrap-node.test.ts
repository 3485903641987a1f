import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BootstrapResponseError } from './bootstrap-response.js';
import { readEnvoyBootstrapNode } from './envoy-bootstrap-node.js';

const bootstrap = `node:
  id: secure.web-1
  cluster: web
  metadata:
    dataplane.proxyType: dataplane
    dataplane.resource: '{"type":"Dataplane"}'
static_resources:
  clusters:
    - name: ads_cluster
      load_assignment:
        cluster_name: ads_cluster
        endpoints:
          - lb_endpoints:
              - endpoint: {address: {socket_address: {address: 10.0.0.9, port_value: 5678}}}
`;

describe('readEnvoyBootstrapNode', () => {
  it("given the zone CP's bootstrap, when read, then the node as Envoy would send it and the ads_cluster endpoint", () => {
    assert.deepEqual(readEnvoyBootstrapNode(bootstrap), {
      id: 'secure.web-1',
      cluster: 'web',
      metadata: { 'dataplane.proxyType': 'dataplane', 'dataplane.resource': '{"type":"Dataplane"}' },
      ads: { host: '10.0.0.9', port: 5678 },
    });
  });

  it('given a bootstrap without an ads_cluster, when read, then BootstrapResponseError', () => {
    assert.throws(
      () => readEnvoyBootstrapNode('node: {id: a}\nstatic_resources: {clusters: []}\n'),
      (error: unknown) => error instanceof BootstrapResponseError && error.message === 'the bootstrap has no ads_cluster endpoint',
    );
    assert.throws(() => readEnvoyBootstrapNode('admin: {}\n'), BootstrapResponseError);
  });
});
