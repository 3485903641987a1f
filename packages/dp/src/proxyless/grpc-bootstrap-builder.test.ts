import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GRPC_BOOTSTRAP_FILE, buildGrpcBootstrap } from './grpc-bootstrap-builder.js';
import { identityFilePaths } from './identity-files.js';

const metadata = { 'dataplane.proxyType': 'dataplane', 'dataplane.resource': '{"type":"Dataplane"}' };

describe('buildGrpcBootstrap', () => {
  it('given an identity, when built, then the relay, the node marked as holding it, the file_watcher provider and the A36 template', () => {
    const identity = identityFilePaths('/run/kumiko');
    assert.deepEqual(buildGrpcBootstrap({ adsAddress: '127.0.0.1:15010', nodeId: 'secure.web-1', metadata, identity }), {
      xds_servers: [{ server_uri: '127.0.0.1:15010', channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] }],
      node: {
        id: 'secure.web-1',
        locality: {},
        metadata: { ...metadata, 'kumiko.io/certificate-provider-instance': 'kumiko_mesh_identity' },
      },
      certificate_providers: {
        kumiko_mesh_identity: {
          plugin_name: 'file_watcher',
          config: {
            certificate_file: '/run/kumiko/identity-cert.pem',
            private_key_file: '/run/kumiko/identity-key.pem',
            ca_certificate_file: '/run/kumiko/mesh-ca.pem',
            refresh_interval: '5s',
          },
        },
      },
      server_listener_resource_name_template: '%s',
    });
  });

  it('given no identity (a mesh without mTLS), when built, then neither a provider nor the marker that would make the zone reference one', () => {
    const bootstrap = buildGrpcBootstrap({
      adsAddress: '[::1]:1',
      nodeId: 'default.web-1',
      metadata,
      identity: undefined,
      refreshInterval: '1m',
    });
    assert.equal('certificate_providers' in bootstrap, false);
    assert.deepEqual(bootstrap['node'], { id: 'default.web-1', locality: {}, metadata });
    assert.equal(GRPC_BOOTSTRAP_FILE, 'grpc-bootstrap.json');
  });
});
