import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { Server, ServerCredentials, type ServerDuplexStream } from '@grpc/grpc-js';
import { SOTW_ADS_PATH } from '@kumiko/xds';
import { adsInitialMetadata } from './ads-initial-metadata.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJab25lIjoiZWFzdCJ9.c2ln';
const withToken = {
  dynamic_resources: {
    ads_config: {
      grpc_services: [{ envoy_grpc: { cluster_name: 'ads_cluster' }, initial_metadata: [{ key: 'authorization', value: TOKEN }] }],
    },
  },
};

describe('adsInitialMetadata', () => {
  it('given a bootstrap whose ADS service has initial_metadata, when read, then the metadata holds it', () => {
    assert.deepEqual(adsInitialMetadata(withToken).get('authorization'), [TOKEN]);
  });

  it('given a bootstrap without initial_metadata, when read, then the metadata is empty', () => {
    const plain = { dynamic_resources: { ads_config: { grpc_services: [{}] } } };
    assert.deepEqual([adsInitialMetadata(plain).toJSON(), adsInitialMetadata({}).toJSON()], [{}, {}]);
  });
});

describe('kumiko-grpc-ingress', () => {
  it('given a bootstrap with the token in initial_metadata, when started, then its ADS stream carries authorization: <token>', async () => {
    // given: a bootstrap in JSON (valid YAML), and a real gRPC server standing in for the CP's ADS, recording each stream's authorization
    const seen: string[][] = [];
    const server = new Server();
    const bytes = (value: Buffer): Buffer => value;
    server.addService(
      {
        sotw: {
          path: SOTW_ADS_PATH,
          requestStream: true,
          responseStream: true,
          requestSerialize: bytes,
          requestDeserialize: bytes,
          responseSerialize: bytes,
          responseDeserialize: bytes,
        },
      },
      {
        sotw: (call: ServerDuplexStream<Buffer, Buffer>) => {
          seen.push(call.metadata.get('authorization').map(String));
          call.on('data', () => undefined);
        },
      },
    );
    const port = await new Promise<number>((done, fail) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error === null ? done(bound) : fail(error))),
    );
    const dir = await mkdtemp(join(tmpdir(), 'kumiko-grpc-ingress-'));
    const configPath = join(dir, 'bootstrap.yaml');
    await writeFile(
      configPath,
      JSON.stringify({
        node: { id: '.zi-1', cluster: 'zi-1', metadata: {} },
        ...withToken,
        static_resources: {
          clusters: [
            {
              name: 'ads_cluster',
              load_assignment: {
                endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: '127.0.0.1', port_value: port } } } }] }],
              },
            },
          ],
        },
      }),
    );
    // when
    const child = spawn(resolve(import.meta.dirname, 'envoy'), ['--config-path', configPath], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 600 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      // then
      assert.deepEqual(seen[0], [TOKEN]);
    } finally {
      child.kill('SIGKILL');
      server.forceShutdown();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
