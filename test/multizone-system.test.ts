/**
 * The whole system as real processes (packages/testing's startKumikoSystem): NATS with one user per
 * zone, Postgres, the global CP and the zone-1 and zone-2 CPs (`kumiko-cp run`). Scenarios as a
 * user sees them through the REST APIs and xDS: a zone's Dataplane on the global, a proxyless gRPC
 * client of zone-1 reaching a backend, a zone-2 service in zone-1's EDS through zone-2's ingress,
 * and zone-2 crashing and coming back. One system for the file; the scenarios build on each other,
 * in order. grpc-js-xds registers its resolver process-wide, hence `register()` once here.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, credentials } from '@grpc/grpc-js';
import { register } from '@grpc/grpc-js-xds';
import { hashedName } from '@kumiko/api';
import { EdsWatch, type KumikoSystem, type LoadAssignment, OPEN_PLAINTEXT_DP_SERVER, startKumikoSystem, waitFor } from '@kumiko/testing';
import { sayHello, startGreeterBackend, XdsTestClient, type GreeterBackend } from '@kumiko/xds/test-support';
import { lastZoneSubscription, mtlsMeshBody, putDataplane, rest, statusOf } from './multizone-fixtures.js';

register();

const SECURE = 'secure';
const INGRESS = { address: '192.0.2.2', port: 10002 };
/** Generous: two cores shared by five processes and the test. */
const CONVERGE_MS = 30_000;

/** zone-2's ingress endpoint in an assignment, if any. */
function viaIngress(assignment: LoadAssignment): { weight: number | undefined; zone: string | undefined } | undefined {
  const endpoint = assignment.endpoints.find((e) => e.address === INGRESS.address && e.port === INGRESS.port);
  return endpoint === undefined ? undefined : { weight: endpoint.weight, zone: endpoint.zone };
}

const withWeight =
  (weight: number) =>
  (assignment: LoadAssignment): boolean =>
    viaIngress(assignment)?.weight === weight;

describe('multi-zone system: global CP and two zone CPs as processes', () => {
  let system: KumikoSystem;
  let zone1: string;
  let zone2: string;
  let global: string;
  let greeter: GreeterBackend | undefined;
  let grpcClient: Client | undefined;
  let xdsClient: XdsTestClient | undefined;
  let eds: EdsWatch | undefined;

  /** The global CP's copy of a zone's Dataplane, once projected. */
  async function onGlobal(mesh: string, name: string, zone: string): Promise<Record<string, unknown>> {
    const path = `/meshes/${mesh}/dataplanes/${hashedName(mesh, name, zone)}`;
    return waitFor(
      `${name} of ${zone} on the global API`,
      async () => {
        const reply = await rest(global, path).catch(() => undefined);
        return reply?.status === 200 ? reply.body : undefined;
      },
      { timeoutMs: CONVERGE_MS, intervalMs: 100 },
    );
  }

  function edsOfBackend(): EdsWatch {
    assert.ok(eds, 'the EDS watch of the cross-zone scenario runs');
    return eds;
  }

  before(async () => {
    system = await startKumikoSystem({
      // Its proxyless clients dial the zones' ADS directly (no kumiko-dp, so no CA or token): an open DP server, chosen.
      zoneEnv: { ...OPEN_PLAINTEXT_DP_SERVER, KUMA_MULTIZONE_ZONE_HEARTBEAT_INTERVAL: '250ms' },
      globalEnv: { KUMA_METRICS_ZONE_IDLE_TIMEOUT: '3s' },
    });
    zone1 = system.zone('zone-1').url;
    zone2 = system.zone('zone-2').url;
    global = system.global.url;
  });

  after(async () => {
    grpcClient?.close();
    await eds?.stop();
    xdsClient?.close();
    await greeter?.server.forceShutdown();
    await system?.stop();
  });

  it('given a Dataplane PUT in zone-1, then the global API lists it under its hashed name with kuma.io/zone: zone-1', async () => {
    const status = await putDataplane(zone1, 'default', 'web-1', { service: 'web', tags: { 'kuma.io/zone': 'elsewhere', version: 'v1' } });
    assert.equal(status, 201);

    const dataplane = await onGlobal('default', 'web-1', 'zone-1');
    assert.equal(dataplane['name'], hashedName('default', 'web-1', 'zone-1'));
    const labels = dataplane['labels'] as Record<string, string>;
    assert.deepEqual(
      { zone: labels['kuma.io/zone'], origin: labels['kuma.io/origin'], displayName: labels['kuma.io/display-name'] },
      { zone: 'zone-1', origin: 'zone', displayName: 'web-1' },
    );
    const inbound = (dataplane['networking'] as { inbound: Array<{ tags: Record<string, string> }> }).inbound[0];
    assert.deepEqual(inbound?.tags, { 'kuma.io/service': 'web', 'kuma.io/zone': 'zone-1', version: 'v1' });
    assert.equal((await rest(zone1, '/meshes/default/dataplanes/web-1')).status, 200, 'the zone keeps its own name');
  });

  it('given a gRPC backend registered in zone-1 through its REST API, then a grpc-js-xds client on zone-1’s ADS reaches it', async () => {
    greeter = await startGreeterBackend('greeter-1');
    await putDataplane(zone1, 'default', 'greeter-1', {
      address: '127.0.0.1',
      port: greeter.port,
      service: 'greeter',
      tags: { 'kuma.io/protocol': 'grpc' },
    });
    const bootstrap = {
      xds_servers: [{ server_uri: system.zone('zone-1').adsAddress, channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] }],
      node: { id: 'default.grpc-client', locality: {} },
    };
    grpcClient = new Client('xds:///greeter', credentials.createInsecure(), {
      'grpc.TEST_ONLY_DO_NOT_USE_IN_PROD.xds_bootstrap_config': JSON.stringify(bootstrap),
    });
    const client = grpcClient;
    const reply = await waitFor('a reply through xds:///greeter', () => sayHello(client).catch(() => undefined), {
      timeoutMs: CONVERGE_MS,
      intervalMs: 200,
    });
    assert.equal(reply, 'greeter-1');
  });

  it('given an mTLS mesh and zone-2’s ingress, when backend instances come and go in zone-2, then zone-1’s EDS follows at the ingress with weight = instances', async () => {
    assert.equal((await rest(global, `/meshes/${SECURE}`, 'PUT', mtlsMeshBody(SECURE))).status, 201);
    for (const zone of [zone1, zone2]) {
      await waitFor(`mesh ${SECURE} in ${zone}`, async () => ((await statusOf(zone, `/meshes/${SECURE}`)) === 200 ? true : undefined), {
        timeoutMs: CONVERGE_MS,
        intervalMs: 100,
      });
    }
    const ingress = {
      type: 'ZoneIngress',
      name: 'zi-2',
      networking: { address: '127.0.0.1', port: 10001, advertisedAddress: INGRESS.address, advertisedPort: INGRESS.port },
    };
    assert.equal((await rest(zone2, '/zoneingresses/zi-2', 'PUT', ingress)).status, 201);
    await putDataplane(zone1, SECURE, 'frontend-1', { address: '10.1.0.1', service: 'frontend', outbounds: ['backend'] });
    xdsClient = new XdsTestClient(system.zone('zone-1').adsAddress);
    eds = new EdsWatch(xdsClient.sotw(`${SECURE}.frontend-1`), ['backend']).start();

    await putDataplane(zone2, SECURE, 'backend-1', { address: '10.2.0.1', service: 'backend' });
    const one = await edsOfBackend().until('backend', withWeight(1), 'backend via zone-2’s ingress, weight 1', CONVERGE_MS);
    assert.deepEqual(viaIngress(one.assignment), { weight: 1, zone: 'zone-2' });
    assert.equal(one.assignment.endpoints.length, 1, 'zone-2’s Dataplanes themselves never reach zone-1');

    await putDataplane(zone2, SECURE, 'backend-2', { address: '10.2.0.2', service: 'backend' });
    await edsOfBackend().until('backend', withWeight(2), 'weight 2 after a second instance', CONVERGE_MS);

    for (const name of ['backend-1', 'backend-2'])
      assert.equal((await rest(zone2, `/meshes/${SECURE}/dataplanes/${name}`, 'DELETE')).status, 200);
    const gone = await edsOfBackend().until(
      'backend',
      (a) => viaIngress(a) === undefined,
      'no endpoint left at zone-2’s ingress',
      CONVERGE_MS,
    );
    assert.deepEqual(gone.assignment.endpoints, []);
  });

  it('given zone-2 serving backend to zone-1, when zone-2’s CP is SIGKILLed, then zone-1 keeps serving its last config', async () => {
    await putDataplane(zone2, SECURE, 'backend-1', { address: '10.2.0.1', service: 'backend' });
    await edsOfBackend().until('backend', withWeight(1), 'backend via zone-2’s ingress again', CONVERGE_MS);
    await onGlobal(SECURE, 'backend-1', 'zone-2');
    const before = await lastZoneSubscription(global, 'zone-2');
    assert.ok(before?.zoneInstanceId, 'zone-2 is connected');

    await system.zone('zone-2').kill();

    const offline = await waitFor(
      'zone-2 offline on the global API',
      async () => {
        const last = await lastZoneSubscription(global, 'zone-2');
        return last?.disconnectTime === undefined ? undefined : last;
      },
      { timeoutMs: CONVERGE_MS, intervalMs: 200 },
    );
    assert.equal(offline.zoneInstanceId, before.zoneInstanceId);
    assert.equal(await statusOf(zone2, '/meshes'), 0, 'zone-2’s API is down');
    assert.deepEqual(viaIngress(edsOfBackend().latest('backend') ?? { clusterName: '', endpoints: [] }), { weight: 1, zone: 'zone-2' });
    assert.equal(await sayHello(grpcClient ?? assert.fail('no gRPC client')), 'greeter-1');
    assert.equal((await rest(zone1, `/meshes/${SECURE}/dataplanes/frontend-1`)).status, 200);
    assert.equal(
      (await rest(global, `/meshes/${SECURE}/dataplanes/${hashedName(SECURE, 'backend-1', 'zone-2')}`)).status,
      200,
      'a disconnected zone’s resources stay',
    );
  });

  it('given zone-2 restarted on the same ports, then changes made in zone-2 converge into zone-1’s EDS and the global API, and zone-2 is online again', async () => {
    const killed = await lastZoneSubscription(global, 'zone-2');
    await system.zone('zone-2').restart();

    assert.equal(await putDataplane(zone2, SECURE, 'backend-2', { address: '10.2.0.2', service: 'backend' }), 201);
    await edsOfBackend().until('backend', withWeight(2), 'weight 2 after the restart', CONVERGE_MS);
    const dataplane = await onGlobal(SECURE, 'backend-2', 'zone-2');
    assert.equal((dataplane['labels'] as Record<string, string>)['kuma.io/zone'], 'zone-2');
    const online = await waitFor(
      'zone-2 online on the global API',
      async () => {
        const last = await lastZoneSubscription(global, 'zone-2');
        return last?.disconnectTime === undefined && last?.zoneInstanceId !== killed?.zoneInstanceId ? last : undefined;
      },
      { timeoutMs: CONVERGE_MS, intervalMs: 200 },
    );
    assert.ok(online?.connectTime);
    assert.equal((await rest(zone2, `/meshes/${SECURE}/dataplanes/backend-1`)).status, 200, 'zone-2 rebuilt its state from NATS');
  });
});
