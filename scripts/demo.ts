/**
 * The local multi-zone demo: starts NATS (deploy/nats/nats.conf, one user per zone) and PostgreSQL with
 * their state kept under .kumiko/, then the control planes, turns on mTLS in mesh `default` (cross-zone
 * traffic requires it, as in Kuma: the global creates the mesh's builtin CA), starts a ZoneIngress per zone
 * through kumiko-dp (with the Kumiko ingress stand-in, an SNI passthrough router, in place of Envoy, which is not
 * installed here), a proxyless gRPC greeter (XdsServer) per zone and a proxyless gRPC client in zone-1, each
 * beside its `kumiko-dp run --proxyless` agent, which registers its Dataplane and keeps its mesh identity. The
 * client calls both greeters over mutual TLS, the cross-zone one through zone-2's ingress. It prints where
 * everything listens and what the client sees, and stops everything it started on Ctrl-C. Servers use random
 * loopback ports, printed at start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort, startNats, startPostgres, waitFor } from '@kumiko/testing';

const root = resolve(import.meta.dirname, '..');
const stateDir = join(root, '.kumiko');
mkdirSync(stateDir, { recursive: true });

/** NATS user passwords, generated once per checkout and kept in .kumiko/secrets.json (git-ignored). */
function natsPasswords(): Record<string, string> {
  const file = join(stateDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  // NATS parses a password variable as config: keep it to letters and digits, starting with a letter.
  const secret = (): string => `k${randomBytes(18).toString('hex')}`;
  const passwords = {
    KUMIKO_NATS_GLOBAL_PASSWORD: secret(),
    KUMIKO_NATS_ZONE_1_PASSWORD: secret(),
    KUMIKO_NATS_ZONE_2_PASSWORD: secret(),
    KUMIKO_NATS_SYS_PASSWORD: secret(),
  };
  writeFileSync(file, JSON.stringify(passwords, null, 2), { mode: 0o600 });
  return passwords;
}

const stops: Array<{ name: string; stop: () => Promise<void> }> = [];

/** Spawns one of the demo's processes with its output appended to .kumiko/<name>.log (stdout shown instead, for the client). */
function spawnLogged(name: string, command: string, args: readonly string[], env: Record<string, string> = {}, show = false): ChildProcess {
  const out = openSync(join(stateDir, `${name}.log`), 'a');
  const child: ChildProcess = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', show ? 'inherit' : out, out] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  stops.push({
    name,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  });
  return child;
}

/** Runs `bin/kumiko-cp run` with the given environment and waits for its /ready endpoint. */
async function startControlPlane(name: string, env: Record<string, string>, apiPort: number): Promise<void> {
  const child = spawnLogged(name, join(root, 'bin/kumiko-cp'), ['run'], env);
  await waitFor(
    `${name} ready (log: .kumiko/${name}.log)`,
    async () => {
      if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}; see .kumiko/${name}.log`);
      return (await fetch(`http://127.0.0.1:${apiPort}/ready`).then(
        (r) => r.ok,
        () => false,
      ))
        ? true
        : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 100 },
  );
}

async function put(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`PUT ${url}: ${response.status} ${await response.text()}`);
}

/**
 * A proxyless gRPC app of mesh `default` as it runs in production: `kumiko-dp run --proxyless` registers its Dataplane
 * (`deploy/demo/proxyless-app.yaml`), keeps its identity files and writes its gRPC bootstrap under .kumiko/<name>,
 * and the app (`bin/kumiko-tsx <script…>`) finds the bootstrap through GRPC_XDS_BOOTSTRAP.
 */
function startProxylessApp(
  zone: string,
  dpPort: number,
  name: string,
  service: string,
  port: number,
  script: readonly string[],
  show = false,
): void {
  const configDir = join(stateDir, name);
  rmSync(join(configDir, 'grpc-bootstrap.json'), { force: true });
  spawnLogged(`${name}-dp`, join(root, 'bin/kumiko-dp'), [
    'run',
    '--proxyless',
    '--cp-address',
    `http://127.0.0.1:${dpPort}`,
    '--dataplane-file',
    join(root, 'deploy/demo/proxyless-app.yaml'),
    '--dataplane-var',
    `name=${name}`,
    '--dataplane-var',
    'address=127.0.0.1',
    '--dataplane-var',
    `port=${port}`,
    '--dataplane-var',
    `service=${service}`,
    '--config-dir',
    configDir,
  ]);
  spawnLogged(
    name,
    join(root, 'bin/kumiko-tsx'),
    script,
    { KUMIKO_DEMO_ZONE: zone, GRPC_XDS_BOOTSTRAP: join(configDir, 'grpc-bootstrap.json') },
    show,
  );
}

let stopping = false;
async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('\nstopping…');
    for (const { name, stop } of stops.reverse()) {
      try {
        await stop();
        console.log(`  stopped ${name}`);
      } catch (error) {
        console.error(`  ${name}: ${String(error)}`);
      }
    }
  }
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  Object.assign(process.env, natsPasswords());
  const nats = await startNats({
    dir: join(stateDir, 'nats'),
    config: readFileSync(join(root, 'deploy/nats/nats.conf'), 'utf8'),
  });
  stops.push({ name: 'nats-server', stop: () => nats.stop() });
  const postgres = await startPostgres({ dir: join(stateDir, 'postgres') });
  stops.push({ name: 'postgres', stop: () => postgres.stop() });

  const passwords = natsPasswords();
  const [globalPort, zone1Port, zone2Port, zone1Xds, zone2Xds] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const common = { KUMA_EVENTS_NATS_URL: nats.url, KUMA_API_SERVER_HTTP_INTERFACE: '127.0.0.1', KUMA_LOG_LEVEL: 'info' };
  await startControlPlane(
    'global-cp',
    {
      ...common,
      KUMA_MODE: 'global',
      KUMA_API_SERVER_HTTP_PORT: String(globalPort),
      KUMA_STORE_POSTGRES_HOST: postgres.host,
      KUMA_STORE_POSTGRES_PORT: String(postgres.port),
      KUMA_STORE_POSTGRES_USER: postgres.user,
      KUMA_STORE_POSTGRES_DB_NAME: 'postgres',
      KUMA_EVENTS_NATS_USER: 'global',
      KUMA_EVENTS_NATS_PASSWORD: passwords['KUMIKO_NATS_GLOBAL_PASSWORD'] ?? '',
    },
    globalPort,
  );
  for (const [zone, port, xdsPort, password] of [
    ['zone-1', zone1Port, zone1Xds, 'KUMIKO_NATS_ZONE_1_PASSWORD'],
    ['zone-2', zone2Port, zone2Xds, 'KUMIKO_NATS_ZONE_2_PASSWORD'],
  ] as const) {
    await startControlPlane(
      `${zone}-cp`,
      {
        ...common,
        KUMA_MODE: 'zone',
        KUMA_MULTIZONE_ZONE_NAME: zone,
        KUMA_API_SERVER_HTTP_PORT: String(port),
        KUMA_DP_SERVER_PORT: String(xdsPort),
        KUMA_EVENTS_NATS_USER: zone,
        KUMA_EVENTS_NATS_PASSWORD: passwords[password] ?? '',
      },
      port,
    );
  }

  // Cross-zone endpoints need mesh mTLS (Kuma's rule): enable it on the global, where meshes live.
  await put(`http://127.0.0.1:${globalPort}/meshes/default`, {
    type: 'Mesh',
    name: 'default',
    mtls: { enabledBackend: 'ca-1', backends: [{ name: 'ca-1', type: 'builtin' }] },
  });

  const zones = [
    { zone: 'zone-1', api: zone1Port, dp: zone1Xds },
    { zone: 'zone-2', api: zone2Port, dp: zone2Xds },
  ] as const;
  for (const { zone, api, dp } of zones) {
    // A ZoneIngress through kumiko-dp: /bootstrap, then the ingress data plane connects to ADS and is registered.
    const ingressPort = await freePort();
    const name = `${zone}-ingress`;
    spawnLogged(name, join(root, 'bin/kumiko-dp'), [
      'run',
      '--proxy-type',
      'ingress',
      '--cp-address',
      `http://127.0.0.1:${dp}`,
      '--dataplane-file',
      join(root, 'deploy/demo/zone-ingress.yaml'),
      '--dataplane-var',
      `name=${name}`,
      '--dataplane-var',
      'address=127.0.0.1',
      '--dataplane-var',
      'advertisedAddress=127.0.0.1',
      '--dataplane-var',
      `port=${ingressPort}`,
      '--binary-path',
      join(root, 'scripts/grpc-ingress/envoy'),
      '--config-dir',
      join(stateDir, name),
      '--drain-time',
      '1s',
    ]);
    // A workload: a proxyless gRPC greeter (an XdsServer) beside its kumiko-dp agent, which registers its Dataplane.
    const greeterPort = await freePort();
    startProxylessApp(zone, dp, `greeter-${zone}-1`, `greeter-${zone}`, greeterPort, [
      'scripts/demo-greeter.ts',
      `greeter-${zone}-1`,
      `127.0.0.1:${greeterPort}`,
    ]);
    await waitFor(
      `${name} registered (log: .kumiko/${name}.log)`,
      async () => ((await fetch(`http://127.0.0.1:${api}/zoneingresses/${name}`)).ok ? true : undefined),
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    await waitFor(
      `greeter-${zone}-1 registered (log: .kumiko/greeter-${zone}-1-dp.log)`,
      async () => ((await fetch(`http://127.0.0.1:${api}/meshes/default/dataplanes/greeter-${zone}-1`)).ok ? true : undefined),
      { timeoutMs: 60_000, intervalMs: 200 },
    );
  }

  console.log(`Kumiko local demo (state and logs in ${stateDir})`);
  console.log(`  NATS JetStream  ${nats.url}   (users: global, zone-1, zone-2; passwords in .kumiko/secrets.json)`);
  console.log(`  PostgreSQL      ${postgres.connectionString}`);
  console.log(`  global CP       REST API (log: .kumiko/global-cp.log):`);
  for (const path of [
    '/meshes',
    '/meshes/default/dataplanes/_overview',
    '/zones/_overview',
    '/zoneingresses/_overview',
    '/meshes/default/service-insights',
  ]) {
    console.log(`                  http://127.0.0.1:${globalPort}${path}`);
  }
  for (const { zone, api, dp } of zones) {
    console.log(
      `  ${zone} CP       http://127.0.0.1:${api}/meshes/default/dataplanes/_overview   DP server (bootstrap, DNS, ADS) :${dp}   (log: .kumiko/${zone}-cp.log)`,
    );
    console.log(
      `                  ZoneIngress ${zone}-ingress run by kumiko-dp (log: .kumiko/${zone}-ingress.log); proxyless greeter-${zone} as Dataplane greeter-${zone}-1 (logs: .kumiko/greeter-${zone}-1.log, agent .kumiko/greeter-${zone}-1-dp.log)`,
    );
  }
  console.log(`  DNS VIPs        http://127.0.0.1:${zone1Xds}/dns?mesh=default   (what kumiko-dp's resolver serves in zone-1)`);
  console.log('\nA proxyless gRPC client in zone-1 (Dataplane demo-client-1) now calls greeter-zone-1 (local) and greeter-zone-2 (through');
  console.log("zone-2's ingress, mutual TLS end to end with certificates from mesh default's builtin CA); each reply names the");
  console.log('SPIFFE ID the greeter saw on the caller’s certificate.');
  console.log("Cross-zone routes appear once zone-2's ZoneIngress availableServices reach zone-1 through the global CP.");
  console.log('Press Ctrl-C to stop everything.\n');
  startProxylessApp(
    'zone-1',
    zone1Xds,
    'demo-client-1',
    'demo-client',
    await freePort(),
    ['scripts/demo-client.ts', 'greeter-zone-1', 'greeter-zone-2'],
    true,
  );
} catch (error) {
  console.error(`demo failed to start: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
}
