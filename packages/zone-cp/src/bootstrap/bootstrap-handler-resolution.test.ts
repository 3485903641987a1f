import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { decodeDataplane, decodeZoneEgress, type Dataplane, type ZoneEgress } from '@kumiko/api';
import { handleBootstrapRequest, type BootstrapDeps } from './bootstrap-handler.js';

// How the handler finds the proxy (request resource or the store), where ADS is, and its error texts;
// bootstrap-handler.test.ts covers the happy paths and the golden.

function decoded<T>(result: { ok: true; value: T } | { ok: false }): T {
  if (!result.ok) throw new Error('invalid fixture');
  return result.value;
}
const web = {
  type: 'Dataplane',
  mesh: 'default',
  name: 'web-1',
  networking: { address: '10.0.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web' } }] },
};
const storedWeb: Dataplane = decoded(decodeDataplane({ ...web, networking: { ...web.networking, admin: { port: 9920 } } }));
const storedEgress: ZoneEgress = decoded(
  decodeZoneEgress({ type: 'ZoneEgress', name: 'ze-1', networking: { address: '10.0.0.10', port: 10002 } }),
);

const baseDeps: BootstrapDeps = {
  meshExists: (mesh) => mesh === 'default',
  findResource: (proxyType, mesh, name) =>
    proxyType === 'dataplane' && mesh === 'default' && name === 'web-1'
      ? storedWeb
      : proxyType === 'egress' && name === 'ze-1'
        ? storedEgress
        : undefined,
  adminPortDefault: 9901,
  adminAddress: '127.0.0.1',
  xdsHost: '',
  xdsPort: 5678,
  xdsConnectTimeoutMs: 1000,
};
type Config = {
  node: { id: string; cluster: string; metadata: Record<string, unknown> };
  admin: { address: { socket_address: { port_value: number } } };
  static_resources: {
    clusters: {
      type: string;
      load_assignment: { endpoints: { lb_endpoints: { endpoint: { address: { socket_address: { address: string } } } }[] }[] };
    }[];
  };
};
const post = (body: unknown, options: { accept?: string; host?: string; deps?: Partial<BootstrapDeps> } = {}) =>
  handleBootstrapRequest(
    { body: JSON.stringify(body), accept: options.accept ?? 'application/json', host: options.host ?? 'cp.zone-1:5678' },
    { ...baseDeps, ...options.deps },
  );
const served = (reply: { status: number; body: string }) => {
  assert.equal(reply.status, 200, reply.body);
  const decodedBody = JSON.parse(reply.body) as { bootstrap: string; kumaSidecarConfiguration: { networking: { address: string } } };
  return {
    config: parse(Buffer.from(decodedBody.bootstrap, 'base64').toString('utf8')) as Config,
    sidecar: decodedBody.kumaSidecarConfiguration,
  };
};
const xdsAddressOf = (config: Config) =>
  config.static_resources.clusters[0]?.load_assignment.endpoints[0]?.lb_endpoints[0]?.endpoint.address.socket_address.address;

describe('POST /bootstrap: finding the proxy', () => {
  it('given a Dataplane without a resource, when bootstrapped, then the stored one is served with its admin port', async () => {
    const { config, sidecar } = served(await post({ mesh: 'default', name: 'web-1' }));
    assert.equal(config.node.id, 'default.web-1');
    assert.equal(config.admin.address.socket_address.port_value, 9920);
    assert.equal(sidecar.networking.address, '10.0.0.1');
  });

  it('given an egress resource with networking.admin.port, when bootstrapped, then node ".ze-2", that admin port and the egress address', async () => {
    const egress = { type: 'ZoneEgress', name: 'ze-2', networking: { address: '10.0.0.11', port: 10002, admin: { port: 9903 } } };
    const { config, sidecar } = served(await post({ proxyType: 'egress', dataplaneResource: JSON.stringify(egress) }));
    assert.deepEqual([config.node.id, config.node.cluster, config.node.metadata['dataplane.proxyType']], ['.ze-2', 'ze-2', 'egress']);
    assert.equal(config.admin.address.socket_address.port_value, 9903);
    assert.equal(sidecar.networking.address, '10.0.0.11');
  });

  it('given an egress without a resource, when bootstrapped, then the stored ZoneEgress with the default admin port', async () => {
    const { config } = served(await post({ proxyType: 'egress', name: 'ze-1' }));
    assert.equal(config.node.id, '.ze-1');
    assert.equal(config.admin.address.socket_address.port_value, 9901);
  });

  it('given an ingress resource as YAML, when bootstrapped, then node ".zi-2"', async () => {
    const yaml =
      'type: ZoneIngress\nname: zi-2\nnetworking:\n  address: 10.0.0.9\n  port: 10001\n  advertisedAddress: 192.0.2.1\n  advertisedPort: 10001\n';
    assert.equal(served(await post({ proxyType: 'ingress', dataplaneResource: yaml })).config.node.id, '.zi-2');
  });

  const rejected: [string, unknown, number, string][] = [
    [
      'a Dataplane sent as an ingress',
      { proxyType: 'ingress', dataplaneResource: JSON.stringify(web) },
      422,
      'Resource is not valid:\ntype: must be ZoneIngress for proxy type ingress, got "Dataplane"\n',
    ],
    [
      'a ZoneEgress sent as an ingress',
      { proxyType: 'ingress', dataplaneResource: JSON.stringify({ type: 'ZoneEgress', name: 'ze-1' }) },
      422,
      'Resource is not valid:\ntype: must be ZoneIngress for proxy type ingress, got "ZoneEgress"\n',
    ],
    [
      'a mesh that differs from the resource',
      { mesh: 'other', dataplaneResource: JSON.stringify(web) },
      422,
      'Resource is not valid:\nmesh: does not match the request\'s mesh "other"\n',
    ],
    [
      'a Dataplane with several violations',
      { dataplaneResource: JSON.stringify({ ...web, networking: { address: '', inbound: [{ port: 0, tags: {} }] } }) },
      422,
      'Resource is not valid:\nnetworking.address: address can\'t be empty\nnetworking.inbound[0].port: port must be in the range [1, 65535]\nnetworking.inbound[0].tags["kuma.io/service"]: tag has to exist\n',
    ],
    [
      'an invalid ZoneEgress',
      {
        proxyType: 'egress',
        dataplaneResource: JSON.stringify({ type: 'ZoneEgress', name: 'ze-1', networking: { address: '10.0.0.10' } }),
      },
      422,
      'Resource is not valid:\nnetworking.port: port must be in the range [1, 65535]\n',
    ],
    [
      'neither a resource nor a name',
      { mesh: 'default' },
      422,
      'Resource is not valid:\ndataplaneResource: is required when name and mesh do not name a registered proxy\n',
    ],
    ['a lookup in an unknown mesh', { mesh: 'nope', name: 'web-1' }, 404, 'mesh "nope" not found'],
    ['an unregistered egress', { proxyType: 'egress', name: 'ze-9' }, 404, 'egress "ze-9" not found'],
  ];
  for (const [what, body, status, text] of rejected) {
    it(`given ${what}, when bootstrapped, then ${status} text/plain "${text.split('\n').at(-2) ?? text}"`, async () => {
      const reply = await post(body);
      assert.deepEqual([reply.status, reply.contentType, reply.body], [status, 'text/plain; charset=utf-8', text]);
    });
  }

  it('given a store that throws, when bootstrapped, then the promise rejects with that error (the DP routes answer 500)', async () => {
    const failure = new Error('store down');
    const deps = {
      findResource: () => {
        throw failure;
      },
    };
    await assert.rejects(post({ mesh: 'default', name: 'web-1' }, { deps }), failure);
  });
});

describe('POST /bootstrap: where ADS is', () => {
  const hosts: [string, string | undefined, string, string, string][] = [
    ['a DNS Host header with a port', 'cp.zone-1:5678', '', 'cp.zone-1', 'STRICT_DNS'],
    ['an IPv4 Host header', '192.0.2.7:5678', '', '192.0.2.7', 'STATIC'],
    ['a bracketed IPv6 Host header with a port', '[fd00::7]:5678', '', 'fd00::7', 'STATIC'],
    ['a bracketed IPv6 Host header without a port', '[fd00::7]', '', 'fd00::7', 'STATIC'],
    ['no Host header', undefined, '', '127.0.0.1', 'STATIC'],
    ['a configured xDS host', 'cp.zone-1:5678', 'xds.example', 'xds.example', 'STRICT_DNS'],
  ];
  for (const [what, host, xdsHost, address, type] of hosts) {
    it(`given ${what}, when bootstrapped, then ads_cluster dials ${address} (${type})`, async () => {
      const reply = await handleBootstrapRequest(
        { body: JSON.stringify({ dataplaneResource: JSON.stringify(web) }), accept: 'application/json', host },
        { ...baseDeps, xdsHost },
      );
      const { config } = served(reply);
      assert.equal(xdsAddressOf(config), address);
      assert.equal(config.static_resources.clusters[0]?.type, type);
    });
  }

  const accepts: [string, string][] = [
    ['application/json, text/plain', 'application/json'],
    ['*/*', 'text/x-yaml'],
    ['text/x-yaml', 'text/x-yaml'],
  ];
  for (const [accept, contentType] of accepts) {
    it(`given Accept "${accept}", when bootstrapped, then ${contentType}`, async () => {
      const reply = await post({ dataplaneResource: JSON.stringify(web) }, { accept });
      assert.equal(reply.contentType, contentType);
    });
  }
});
