import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { decodeZoneIngress, type ZoneIngress } from '@kumiko/api';
import { handleBootstrapRequest, type BootstrapDeps } from './bootstrap-handler.js';
import { resourceFromNodeMetadata } from './proxy-resource-metadata.js';

const deps: BootstrapDeps = {
  meshExists: (mesh) => mesh === 'default',
  findResource: (proxyType, _mesh, name) => (proxyType === 'ingress' && name === 'zi-1' ? storedIngress : undefined),
  adminPortDefault: 9901,
  adminAddress: '127.0.0.1',
  xdsHost: '',
  xdsPort: 5678,
  xdsConnectTimeoutMs: 1000,
};
const decodedIngress = decodeZoneIngress({
  type: 'ZoneIngress',
  name: 'zi-1',
  networking: { address: '10.0.0.9', port: 10001, advertisedAddress: '192.0.2.1', advertisedPort: 10001 },
});
if (!decodedIngress.ok) throw new Error('bad fixture');
const storedIngress: ZoneIngress = decodedIngress.value;

const web = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'Dataplane',
  mesh: 'default',
  name: 'web-1',
  networking: { address: '10.0.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web' } }] },
  ...extra,
});
const post = (body: unknown, accept: string | undefined = 'application/json', host = 'cp.zone-1:5678') =>
  handleBootstrapRequest({ body: typeof body === 'string' ? body : JSON.stringify(body), accept, host }, deps);
type Config = {
  node: { id: string; cluster: string; metadata: Record<string, unknown> };
  admin: { address: { socket_address: { address: string; port_value: number } } };
  dynamic_resources: { ads_config: { api_type: string } };
  static_resources: {
    clusters: {
      type: string;
      load_assignment: {
        endpoints: { lb_endpoints: { endpoint: { address: { socket_address: { address: string; port_value: number } } } }[] }[];
      };
    }[];
  };
};
const configOf = (body: string): Config =>
  parse(Buffer.from((JSON.parse(body) as { bootstrap: string }).bootstrap, 'base64').toString('utf8')) as Config;

describe('POST /bootstrap', () => {
  it('given a valid Dataplane and Accept JSON, then 200 with the base64 Envoy bootstrap naming the proxy, ADS at the host it used, admin on the default port', async () => {
    const reply = await post({
      mesh: 'default',
      name: 'web-1',
      dataplaneResource: JSON.stringify(web()),
      version: { kumaDp: { version: '2.13.10' } },
    });
    assert.equal(reply.status, 200);
    assert.equal(reply.contentType, 'application/json');
    assert.deepEqual((JSON.parse(reply.body) as { kumaSidecarConfiguration: unknown }).kumaSidecarConfiguration, {
      networking: { address: '10.0.0.1', corefileTemplate: '' },
      metrics: { aggregate: [] },
    });
    const config = configOf(reply.body);
    assert.equal(config.node.id, 'default.web-1');
    assert.equal(config.node.cluster, 'web');
    assert.equal(config.admin.address.socket_address.port_value, 9901);
    assert.equal(config.dynamic_resources.ads_config.api_type, 'GRPC');
    const cluster = config.static_resources.clusters[0];
    assert.equal(cluster?.type, 'STRICT_DNS');
    assert.deepEqual(cluster?.load_assignment.endpoints[0]?.lb_endpoints[0]?.endpoint.address.socket_address, {
      address: 'cp.zone-1',
      port_value: 5678,
    });
  });

  it('given networking.admin.port and the delta feature, then the admin port is the resource’s and ADS is DELTA_GRPC', async () => {
    const resource = web({
      networking: { address: '10.0.0.1', admin: { port: 9911 }, inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web' } }] },
    });
    const config = configOf((await post({ dataplaneResource: JSON.stringify(resource), features: ['feature-delta-grpc'] })).body);
    assert.equal(config.admin.address.socket_address.port_value, 9911);
    assert.equal(config.dynamic_resources.ads_config.api_type, 'DELTA_GRPC');
  });

  it('given no Accept JSON, then the raw YAML (text/x-yaml), as Kuma answers', async () => {
    const reply = await post({ dataplaneResource: JSON.stringify(web()) }, '');
    assert.equal(reply.contentType, 'text/x-yaml');
    assert.equal((parse(reply.body) as Config).node.id, 'default.web-1');
  });

  it('given the resource as YAML, then it is read the same way', async () => {
    const yaml =
      'type: Dataplane\nmesh: default\nname: web-1\nnetworking:\n  address: 10.0.0.1\n  inbound:\n    - port: 8080\n      tags:\n        kuma.io/service: web\n';
    assert.equal(configOf((await post({ dataplaneResource: yaml })).body).node.id, 'default.web-1');
  });

  const rejected: [string, unknown, number, RegExp][] = [
    ['not JSON', '{nope', 400, /not JSON/],
    ['an unknown proxy type', { proxyType: 'sidecar' }, 400, /proxyType/],
    [
      'an invalid Dataplane',
      { dataplaneResource: JSON.stringify(web({ networking: { address: '', inbound: [] } })) },
      422,
      /networking\.address/,
    ],
    [
      'a ZoneIngress sent as a dataplane',
      { dataplaneResource: JSON.stringify({ type: 'ZoneIngress', name: 'zi-1' }) },
      422,
      /type: must be Dataplane/,
    ],
    ['a name that differs from the resource', { name: 'web-2', dataplaneResource: JSON.stringify(web()) }, 422, /name: does not match/],
    [
      'explicit outbounds under transparent proxying',
      {
        dataplaneConfig: {},
        dataplaneResource: JSON.stringify(
          web({
            networking: {
              address: '10.0.0.1',
              inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web' } }],
              outbound: [{ port: 1, tags: { 'kuma.io/service': 'db' } }],
            },
          }),
        ),
      },
      422,
      /outbound: should be empty/,
    ],
    ['an unknown mesh', { dataplaneResource: JSON.stringify(web({ mesh: 'nope' })) }, 404, /mesh "nope" not found/],
    ['no resource and an unregistered proxy', { mesh: 'default', name: 'ghost' }, 404, /not found/],
  ];
  for (const [what, body, status, message] of rejected) {
    it(`given ${what}, then ${status} with a readable message`, async () => {
      const reply = await post(body);
      assert.equal(reply.status, status);
      assert.match(reply.body, message);
    });
  }

  it('given an ingress without a resource, then the stored ZoneIngress is used (node id ".zi-1")', async () => {
    const config = configOf((await post({ proxyType: 'ingress', name: 'zi-1' })).body);
    assert.equal(config.node.id, '.zi-1');
    assert.equal(config.node.metadata['dataplane.proxyType'], 'ingress');
  });

  it('given the node metadata of a served bootstrap, then the lifecycle reads the same resource back', async () => {
    const config = configOf((await post({ dataplaneResource: JSON.stringify(web()) })).body);
    const resource = resourceFromNodeMetadata(config.node.metadata);
    assert.equal(resource?.type, 'Dataplane');
    assert.equal(resource?.name, 'web-1');
    assert.equal(
      resourceFromNodeMetadata({ 'dataplane.resource': '{"type":"Dataplane","mesh":"default","name":"x"}' }),
      undefined,
      'invalid → not registered',
    );
    assert.equal(resourceFromNodeMetadata(undefined), undefined);
  });

  it('matches the golden universal bootstrap (UPDATE_GOLDEN=1 rewrites it)', async () => {
    const reply = await post(
      {
        mesh: 'default',
        name: 'web-1',
        dataplaneResource: JSON.stringify(web()),
        dnsPort: 15053,
        workdir: '/tmp/kumiko-dp',
        version: { kumaDp: { version: '2.13.10' }, envoy: { version: '1.36.0' } },
      },
      'text/x-yaml',
    );
    const golden = join(import.meta.dirname, 'testdata', 'dataplane.golden.yaml');
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(golden, reply.body);
    assert.equal(reply.body, readFileSync(golden, 'utf8'));
  });

  it('given a CP that knows meshes’ mTLS, then a Dataplane’s JSON answer says whether its mesh has it (kumiko-dp --proxyless reads it); a ZoneIngress’s does not', async () => {
    const withMtls: BootstrapDeps = { ...deps, meshMtlsEnabled: (mesh) => mesh === 'default' };
    const dataplane = await handleBootstrapRequest(
      {
        body: JSON.stringify({ mesh: 'default', name: 'web-1', dataplaneResource: JSON.stringify(web()) }),
        accept: 'application/json',
        host: 'cp',
      },
      withMtls,
    );
    assert.equal((JSON.parse(dataplane.body) as { kumikoMeshMtls?: boolean }).kumikoMeshMtls, true);
    const ingress = await handleBootstrapRequest(
      { body: JSON.stringify({ proxyType: 'ingress', name: 'zi-1' }), accept: 'application/json', host: 'cp' },
      withMtls,
    );
    assert.equal(ingress.status, 200, ingress.body);
    assert.equal('kumikoMeshMtls' in (JSON.parse(ingress.body) as object), false);
  });
});
