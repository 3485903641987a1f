import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Resolver } from 'node:dns/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from './test-support/free-port.js';
import { StandInEnvoy } from './test-support/stand-in-envoy.js';
import { TestControlPlane, bootstrapReply, bootstrapYaml } from './test-support/test-control-plane.js';
import { TestDnsUpstream } from './test-support/test-dns-upstream.js';

const kumikoDp = resolve(import.meta.dirname, '..', '..', '..', 'bin', 'kumiko-dp');
/** The children's PATH: node, bash and coreutils; a real `envoy` would be found here only if installed system-wide. */
const CHILD_PATH = [dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':');
const envoyInstalled = CHILD_PATH.split(':').some((dir) => existsSync(join(dir, 'envoy')));

/** JWT-shaped; the test CP accepts any token. */
const TOKEN = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJOYW1lIjoiZHAtdG9rIiwiTWVzaCI6ImRlZmF1bHQifQ.c2lnbmF0dXJl';

const TEMPLATE = `type: Dataplane
mesh: default
name: {{ name }}
networking:
  address: {{ address }}
  inbound:
  - port: {{port}}
    tags:
      kuma.io/service: backend
`;

interface Finished {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts `bin/kumiko-dp …` as a user would; the environment has no KUMA_* variables. */
function start(args: readonly string[]): { child: ChildProcess; finished: Promise<Finished> } {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('KUMA_')));
  const child = spawn(kumikoDp, args, { env: { ...env, PATH: CHILD_PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const finished = new Promise<Finished>((done) => child.on('close', (status) => done({ status, stdout, stderr })));
  return { child, finished };
}

describe('kumiko-dp run', () => {
  const cp = new TestControlPlane();
  const upstream = new TestDnsUpstream();
  let envoy: StandInEnvoy;
  let dir = '';
  let dpFile = '';

  before(async () => {
    await Promise.all([cp.listen(), upstream.start()]);
    envoy = await StandInEnvoy.create({ serveAdmin: true });
    dir = await mkdtemp(join(tmpdir(), 'kumiko-dp-run-'));
    dpFile = join(dir, 'dp.yaml');
    await writeFile(dpFile, TEMPLATE);
  });
  after(async () => {
    await Promise.all([cp.close(), upstream.stop(), envoy.remove(), rm(dir, { recursive: true, force: true })]);
  });

  it('given a CP and Envoy, when run and then sent SIGTERM, then it bootstraps, serves DNS, runs Envoy, drains it and exits 0', async () => {
    // given
    const adminPort = await freePort();
    const dnsPort = await freePort();
    cp.requests.length = 0;
    cp.bootstrapReplies = [bootstrapReply(bootstrapYaml(adminPort))];
    cp.dnsTable = { ttl: 30, records: [{ name: 'backend.mesh', ips: ['240.0.0.1'] }] };
    // when
    const { child, finished } = start([
      'run',
      '--cp-address',
      cp.url,
      '--dataplane-file',
      dpFile,
      '--dataplane-var',
      'address=10.0.0.1',
      '-v',
      'port=8080',
      '--dataplane-var',
      'name=dp-1',
      '--mesh',
      'default',
      '--binary-path',
      envoy.path,
      '--drain-time',
      '1s',
      '--dns-port',
      String(dnsPort),
      '--dns-upstream',
      `127.0.0.1:${upstream.port}`,
      '--dns-poll-interval',
      '50ms',
      '--envoy-log-level',
      'debug',
      '--concurrency',
      '2',
    ]);
    try {
      const [started] = await envoy.waitFor((events) => events.some((e) => e.event === 'admin-listening'), 30_000);
      // then: Envoy got kuma-dp's command line, pointing at a file holding the decoded bootstrap
      assert.equal(started?.event, 'start');
      if (started?.event !== 'start') return;
      const configPath = started.args[1] ?? '';
      assert.deepEqual(started.args, [
        '--config-path',
        configPath,
        '--drain-time-s',
        '1',
        '--disable-hot-restart',
        '--log-level',
        'debug',
        '--concurrency',
        '2',
      ]);
      assert.ok(configPath.startsWith(join(tmpdir(), 'kumiko-dp-')) && configPath.endsWith('/bootstrap.yaml'), configPath);
      assert.equal(started.bootstrap, bootstrapYaml(adminPort));
      // then: the CP got the rendered resource
      const [request] = cp.bootstrapRequests();
      const body = JSON.parse(request?.body ?? '{}') as Record<string, unknown>;
      assert.deepEqual([body['mesh'], body['name'], body['proxyType'], body['dnsPort']], ['default', 'dp-1', 'dataplane', dnsPort]);
      assert.deepEqual((body['version'] as { envoy: unknown }).envoy, {
        version: '1.34.1',
        build: '0123456789abcdef/1.34.1/Clean/RELEASE/BoringSSL',
        kumaDpCompatible: true,
      });
      assert.deepEqual(JSON.parse(String(body['dataplaneResource'])), {
        type: 'Dataplane',
        mesh: 'default',
        name: 'dp-1',
        networking: { address: '10.0.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'backend' } }] },
      });
      // then: the resolver answers mesh names from the CP's table and forwards the rest
      const resolver = new Resolver({ timeout: 1_000, tries: 1 });
      resolver.setServers([`127.0.0.1:${dnsPort}`]);
      let vip: string[] = [];
      for (let i = 0; i < 100 && vip.length === 0; i++) {
        vip = await resolver.resolve4('backend.mesh').catch(() => []);
        if (vip.length === 0) await new Promise((r) => setTimeout(r, 50));
      }
      assert.deepEqual(vip, ['240.0.0.1']);
      assert.deepEqual(await resolver.resolve4('example.com'), ['192.0.2.1']);
      // when: SIGTERM
      child.kill('SIGTERM');
      const { status, stderr } = await finished;
      // then: drained, stopped, cleaned up
      assert.equal(status, 0, stderr);
      const order = (await envoy.events())
        .filter((e) => e.event === 'admin' || e.event === 'sigterm')
        .map((e) => (e.event === 'admin' ? e.url : e.event));
      assert.deepEqual(order, ['/drain_listeners?inboundonly&graceful', 'sigterm']);
      assert.equal(existsSync(configPath), false, 'the temporary config dir is removed');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('given a token file, when run, then /bootstrap carries the token and its path, GET /dns sends it as authorization, and no log shows it', async () => {
    // given
    const adminPort = await freePort();
    const tokenFile = join(dir, 'dp-token');
    await writeFile(tokenFile, `${TOKEN}\n`);
    cp.requests.length = 0;
    cp.bootstrapReplies = [bootstrapReply(bootstrapYaml(adminPort))];
    // when
    const { child, finished } = start([
      'run',
      '--cp-address',
      cp.url,
      '--dataplane-file',
      dpFile,
      '-v',
      'address=10.0.0.1',
      '-v',
      'port=8080',
      '-v',
      'name=dp-tok',
      '--dataplane-token-file',
      tokenFile,
      '--binary-path',
      envoy.path,
      '--drain-time',
      '0s',
      '--dns-port',
      String(await freePort()),
      '--dns-upstream',
      `127.0.0.1:${upstream.port}`,
      '--dns-poll-interval',
      '50ms',
      '--log-level',
      'trace',
    ]);
    try {
      for (let i = 0; i < 600 && !cp.requests.some((r) => r.url.startsWith('/dns?')); i++) await new Promise((r) => setTimeout(r, 50));
      // then
      const body = JSON.parse(cp.bootstrapRequests()[0]?.body ?? '{}') as Record<string, unknown>;
      assert.deepEqual([body['dataplaneToken'], body['dataplaneTokenPath']], [TOKEN, tokenFile]);
      const dns = cp.requests.find((r) => r.url.startsWith('/dns?'));
      assert.equal(dns?.headers.authorization, TOKEN);
      child.kill('SIGTERM');
      const { status, stdout, stderr } = await finished;
      assert.equal(status, 0, stderr);
      assert.ok(!`${stdout}${stderr}`.includes(TOKEN.split('.')[1] ?? TOKEN), 'the token appears in no log line');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('given an empty token file, when run, then it says so and exits 1 without calling the CP', async () => {
    const tokenFile = join(dir, 'empty-token');
    await writeFile(tokenFile, '\n');
    cp.requests.length = 0;
    const { status, stderr } = await start([
      'run',
      '--cp-address',
      cp.url,
      '--name',
      'dp-1',
      '--mesh',
      'default',
      '--dataplane-token-file',
      tokenFile,
      '--binary-path',
      envoy.path,
    ]).finished;
    assert.equal(
      stderr,
      `kumiko-dp: --dataplane-token-file: ${tokenFile} holds no dataplane or zone token (JWT): the file is empty; generate one with 'kumactl generate dataplane-token' (or 'zone-token')\n`,
    );
    assert.equal(status, 1);
    assert.equal(cp.requests.length, 0);
  });

  it('given Envoy is draining after SIGTERM, when a second signal arrives, then Envoy is killed and kumiko-dp exits 1 at once', async () => {
    // given
    const adminPort = await freePort();
    cp.bootstrapReplies = [bootstrapReply(bootstrapYaml(adminPort))];
    const slow = await StandInEnvoy.create({ serveAdmin: true });
    const { child, finished } = start([
      'run',
      '--cp-address',
      cp.url,
      '--dataplane-file',
      dpFile,
      '-v',
      'name=dp-5',
      '-v',
      'address=10.0.0.5',
      '-v',
      'port=1',
      '--binary-path',
      slow.path,
      '--drain-time',
      '10m',
      '--dns-enabled',
      'false',
    ]);
    try {
      const events = await slow.waitFor((e) => e.some((x) => x.event === 'admin-listening'), 30_000);
      const pid = events[0]?.pid ?? 0;
      child.kill('SIGTERM');
      await slow.waitFor((e) => e.some((x) => x.event === 'admin'));
      // when
      child.kill('SIGINT');
      // then
      assert.equal((await finished).status, 1);
      let alive = true;
      for (let i = 0; i < 100 && alive; i++) {
        try {
          process.kill(pid, 0);
          await new Promise((r) => setTimeout(r, 20));
        } catch {
          alive = false;
        }
      }
      assert.equal(alive, false, 'Envoy was killed');
      assert.equal(
        (await slow.events()).some((e) => e.event === 'sigterm'),
        false,
        'no graceful SIGTERM: it was killed outright',
      );
    } finally {
      child.kill('SIGKILL');
      await slow.remove();
    }
  });

  it(
    'given no Envoy binary, when run, then it says so, exits 2 and never calls the CP',
    { skip: envoyInstalled && 'Envoy is installed here' },
    async () => {
      cp.requests.length = 0;
      const { status, stderr } = await start([
        'run',
        '--cp-address',
        cp.url,
        '--dataplane-file',
        dpFile,
        '--dataplane-var',
        'name=a',
        '-v',
        'address=b',
        '-v',
        'port=1',
      ]).finished;
      assert.equal(stderr, 'kumiko-dp: Envoy binary not found: no executable "envoy" on PATH; install Envoy or pass --binary-path\n');
      assert.equal(status, 2);
      assert.equal(cp.requests.length, 0);
    },
  );

  it('given a CP that answers 422, when run, then it prints the violations and exits 1 without starting Envoy', async () => {
    cp.requests.length = 0;
    cp.bootstrapReplies = [{ status: 422, body: 'networking.inbound[0]: has to contain "kuma.io/service" tag\n' }];
    const before = (await envoy.events()).length;
    const { status, stderr } = await start([
      'run',
      '--cp-address',
      cp.url,
      '--dataplane-file',
      dpFile,
      '-v',
      'name=dp-2',
      '-v',
      'address=10.0.0.2',
      '-v',
      'port=1',
      '--binary-path',
      envoy.path,
      '--dns-enabled',
      'false',
    ]).finished;
    assert.equal(
      stderr,
      'kumiko-dp: the control plane rejected the bootstrap request: HTTP 422\n    networking.inbound[0]: has to contain "kuma.io/service" tag\n',
    );
    assert.equal(status, 1);
    assert.equal(cp.bootstrapRequests().length, 1);
    assert.equal((await envoy.events()).length, before);
  });

  it('given a template variable that is not given, when run, then it names the variable and exits 1 without calling the CP', async () => {
    cp.requests.length = 0;
    const { status, stderr } = await start([
      'run',
      '--cp-address',
      cp.url,
      '--dataplane-file',
      dpFile,
      '-v',
      'name=dp-3',
      '--binary-path',
      envoy.path,
    ]).finished;
    assert.equal(stderr, 'kumiko-dp: the dataplane template uses "address", "port" but no --dataplane-var gives them\n');
    assert.equal(status, 1);
    assert.equal(cp.requests.length, 0);
  });

  it('given bad flags, when run, then every problem is printed and it exits 1', async () => {
    const { status, stderr } = await start(['run', '--dataplane-file', dpFile, '--proxy-type', 'sidecar', '--dataplane-var', 'port'])
      .finished;
    assert.equal(
      stderr,
      'kumiko-dp: --dataplane-var: "port" must be key=value\n  --proxy-type="sidecar": expected dataplane, ingress or egress\n',
    );
    assert.equal(status, 1);
  });

  it('given --proxyless with a relay address off the loopback, when run, then it says why and exits 1 without calling the CP', async () => {
    cp.requests.length = 0;
    const { status, stderr, stdout } = await start([
      'run',
      '--proxyless',
      '--cp-address',
      cp.url,
      '--dataplane-file',
      dpFile,
      '--proxyless-ads-address',
      '10.0.0.1:15010',
    ]).finished;
    assert.equal(
      stderr,
      'kumiko-dp: --proxyless-ads-address="10.0.0.1:15010": expected a loopback ip:port (127.0.0.1:0, [::1]:15000): the relay is plaintext\n',
    );
    assert.equal(stdout, '');
    assert.equal(status, 1);
    assert.equal(cp.requests.length, 0);
  });

  it('given a file that contradicts --name, when run, then the violation is printed at its field and it exits 1', async () => {
    const { status, stderr } = await start([
      'run',
      '--dataplane-file',
      dpFile,
      '-v',
      'name=dp-1',
      '-v',
      'address=a',
      '-v',
      'port=1',
      '--name',
      'dp-9',
      '--binary-path',
      envoy.path,
    ]).finished;
    assert.equal(
      stderr,
      `kumiko-dp: ${dpFile} is not a valid proxy resource:\n    name: "dp-1" in the file does not match --name "dp-9"\n`,
    );
    assert.equal(status, 1);
  });

  it('given --help, when run, then the flags and their variables are listed', async () => {
    const { status, stdout } = await start(['run', '--help']).finished;
    assert.equal(status, 0);
    for (const flag of [
      '--cp-address',
      '--dataplane-file',
      '-v, --dataplane-var',
      '--name',
      '--mesh',
      '--proxy-type',
      '--binary-path',
      '--admin-port',
      '--config-dir',
      '--drain-time',
      '--dns-enabled',
      '--dns-port',
      '--dns-upstream',
      'KUMA_CONTROL_PLANE_URL',
      '--proxyless',
      '--proxyless-ads-address',
      'KUMIKO_PROXYLESS_ADS_ADDRESS',
    ]) {
      assert.ok(stdout.includes(flag), `${flag} missing from:\n${stdout}`);
    }
  });
});
