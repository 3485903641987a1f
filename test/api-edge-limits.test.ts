import assert from 'node:assert/strict';
import { connect as connectTcp } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { MAX_INPUT_DEPTH, MAX_LABELS, MAX_RESOURCE_BYTES, MAX_TAGS } from '@kumiko/api';
import { api, startApiEnvironment, type ApiEnvironment, type ApiResponse } from './global-api-fixtures.js';
import { startStandaloneZone, type StandaloneZone } from './zone-cp-fixtures.js';

/**
 * Oversized, NUL-carrying or deeply nested input at both REST APIs (a real global CP on NATS and Postgres, a real
 * zone CP on NATS): every refusal is a 400-class answer in Kuma's error shape, never a 500 and never Fastify's
 * own body, and the control plane keeps serving afterwards.
 */

/** Kuma's error shape: `type`, `status` equal to the HTTP status, `title`, `detail` and its legacy copy. */
function assertKumaError(response: ApiResponse, status: number): void {
  assert.equal(response.status, status, JSON.stringify(response.body));
  assert.equal(response.body['type'], '/std-errors', JSON.stringify(response.body));
  assert.equal(response.body['status'], status);
  assert.equal(typeof response.body['title'], 'string');
  assert.equal(response.body['details'], response.body['detail']);
  assert.equal(response.body['code'], undefined, 'no Fastify error code');
  assert.equal(response.body['statusCode'], undefined, 'no Fastify status code');
}

function reasons(response: ApiResponse): string[] {
  return ((response.body['invalid_parameters'] ?? []) as { field: string; reason: string }[]).map((p) => `${p.field}: ${p.reason}`);
}

function dataplane(mesh: string, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'Dataplane',
    mesh,
    name,
    networking: { address: '10.1.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web' } }] },
    ...extra,
  };
}

/** A Dataplane with `count` inbounds: each gets `kuma.io/zone` injected on the zone, which grows the event. */
function manyInbounds(mesh: string, name: string, count: number): Record<string, unknown> {
  const inbound = Array.from({ length: count }, (_, i) => ({ port: 1 + (i % 60000), tags: { 'kuma.io/service': 'w' } }));
  return { type: 'Dataplane', mesh, name, networking: { address: '10.1.0.1', inbound } };
}

/** `{"a":{"a":…"leaf"…}}` nested `depth` levels, as text (JSON.stringify would run out of stack). */
function nestedJson(depth: number): string {
  return '{"a":'.repeat(depth) + '"leaf"' + '}'.repeat(depth);
}

function meshWithMetricsConf(name: string, conf: unknown): Record<string, unknown> {
  return { type: 'Mesh', name, metrics: { enabledBackend: 'prom', backends: [{ name: 'prom', type: 'prometheus', conf }] } };
}

describe('limits at the REST edge', () => {
  let env: ApiEnvironment;
  let zone: StandaloneZone;
  let global: string;

  before(async () => {
    [env, zone] = await Promise.all([
      startApiEnvironment({ KUMA_API_SERVER_HTTP_HEADERS_TIMEOUT: '500ms', KUMA_API_SERVER_HTTP_REQUEST_TIMEOUT: '1s' }),
      startStandaloneZone('zone-1', ['default']),
    ]);
    global = env.global.url;
  });

  after(async () => {
    await Promise.all([env?.stop(), zone?.stop()]);
  });

  it('refuses %00 in name=, filter[labels.…]= and tag= with 400 on both APIs, and in a path parameter', async () => {
    for (const base of [global, zone.api]) {
      for (const query of ['name=a%00b', 'filter[labels.a]=x%00', 'filter[labels.a%00]=x', 'tag=kuma.io/service:w%00']) {
        const response = await api(base, `/meshes/default/dataplanes?${query}`);
        assertKumaError(response, 400);
        assert.match(reasons(response)[0] ?? '', /NUL/, query);
      }
      assertKumaError(await api(base, '/meshes/default/dataplanes/a%00b'), 400);
      assertKumaError(await api(base, '/meshes/a%00b/dataplanes'), 400);
    }
    assertKumaError(await api(global, '/meshes/a%00b', { method: 'PUT', body: { type: 'Mesh', name: 'a\u0000b' } }), 400);
    assert.equal((await api(global, '/meshes/default/dataplanes?name=web')).status, 200);
  });

  it('refuses a NUL in a Mesh metrics conf (value or key) and conf nested deeper than the limit, on the global', async () => {
    const nul = await api(global, '/meshes/nul-value', {
      method: 'PUT',
      body: meshWithMetricsConf('nul-value', { path: '/me\u0000trics' }),
    });
    assertKumaError(nul, 400);
    assert.match(
      String(nul.body['detail']),
      /invalid Mesh object: .*metrics\.backends\[0\]\.conf\.path: must not contain the NUL character/,
    );
    const key = await api(global, '/meshes/nul-key', { method: 'PUT', body: meshWithMetricsConf('nul-key', { ['a\u0000']: 'x' }) });
    assertKumaError(key, 400);
    const deep = await api(global, '/meshes/deep', {
      method: 'PUT',
      rawBody: JSON.stringify(meshWithMetricsConf('deep', null)).replace('"conf":null', `"conf":${nestedJson(10_000)}`),
    });
    assertKumaError(deep, 400);
    assert.match(String(deep.body['detail']), new RegExp(`nested more than ${MAX_INPUT_DEPTH} levels`));
    // the same mesh with a plain conf is accepted, and nothing of the refused ones was stored
    assert.equal(
      (await api(global, '/meshes/deep', { method: 'PUT', body: meshWithMetricsConf('deep', { path: '/metrics' }) })).status,
      201,
    );
    assertKumaError(await api(global, '/meshes/nul-value'), 404);
  });

  it('refuses a NUL in a Dataplane metrics conf on the zone', async () => {
    const body = dataplane('default', 'nul-conf', { metrics: { name: 'prom', type: 'prometheus', conf: { path: '/me\u0000trics' } } });
    const response = await api(zone.api, '/meshes/default/dataplanes/nul-conf', { method: 'PUT', body });
    assertKumaError(response, 400);
    assert.match(String(response.body['detail']), /metrics\.conf\.path: must not contain the NUL character/);
    assertKumaError(await api(zone.api, '/meshes/default/dataplanes/nul-conf'), 404);
  });

  it('answers an over-long mesh or resource name with Kuma’s validation, never Fastify’s 414', async () => {
    const long = 'm'.repeat(150);
    assertKumaError(await api(global, `/meshes/${long}`), 404);
    const created = await api(global, `/meshes/${long}`, { method: 'PUT', body: { type: 'Mesh', name: long } });
    assertKumaError(created, 400);
    assert.deepEqual(reasons(created), ['name: cannot be longer than 63 characters']);
    const name = 'd'.repeat(300);
    assertKumaError(await api(zone.api, `/meshes/default/dataplanes/${name}`), 404);
    const put = await api(zone.api, `/meshes/default/dataplanes/${name}`, { method: 'PUT', body: dataplane('default', name) });
    assertKumaError(put, 400);
    assert.ok(reasons(put).includes('name: value length must less or equal 253'), JSON.stringify(put.body));
    // a badly encoded path segment, and past any name Kuma accepts, the path itself is refused in Kuma's shape
    assertKumaError(await api(zone.api, '/meshes/default/dataplanes/%E0%A4%A'), 400);
    assertKumaError(await api(zone.api, `/meshes/default/dataplanes/${'x'.repeat(5000)}`), 414);
  });

  it('refuses a Dataplane whose event would not fit on the bus with 400 naming the limit, and accepts one that fits', async () => {
    // given a 680 KB body, whose JSON form (with Kuma's defaults written out) is past the limit
    const body = manyInbounds('default', 'huge', 15_000);
    assert.ok(JSON.stringify(body).length < 700_000);
    const refused = await api(zone.api, '/meshes/default/dataplanes/huge', { method: 'PUT', body });
    assertKumaError(refused, 400);
    assert.match(String(refused.body['detail']), new RegExp(`resource is too large: .* the limit is ${MAX_RESOURCE_BYTES} bytes`));
    assertKumaError(await api(zone.api, '/meshes/default/dataplanes/huge'), 404);
    // given one that fits as written, but not once the zone injects kuma.io/zone into every inbound
    const grown = await api(zone.api, '/meshes/default/dataplanes/grown', { method: 'PUT', body: manyInbounds('default', 'grown', 8_000) });
    assertKumaError(grown, 400);
    assert.match(String(grown.body['detail']), new RegExp(`resource is too large: .* the limit is ${MAX_RESOURCE_BYTES} bytes`));
    // a large one that fits is written and read back
    const fits = await api(zone.api, '/meshes/default/dataplanes/large', { method: 'PUT', body: manyInbounds('default', 'large', 5_000) });
    assert.equal(fits.status, 201, JSON.stringify(fits.body));
    assert.equal(
      ((await api(zone.api, '/meshes/default/dataplanes/large')).body['networking'] as { inbound: unknown[] }).inbound.length,
      5_000,
    );
    // a body over the HTTP body limit is refused in Kuma's shape too
    const overBody = await api(zone.api, '/meshes/default/dataplanes/big', { method: 'PUT', rawBody: ' '.repeat(5 * 1024 * 1024) });
    assertKumaError(overBody, 413);
  });

  it('refuses more labels or tags than the limits', async () => {
    const labels = Object.fromEntries(Array.from({ length: MAX_LABELS + 1 }, (_, i) => [`l${i}`, 'x']));
    const manyLabels = await api(zone.api, '/meshes/default/dataplanes/labels', {
      method: 'PUT',
      body: dataplane('default', 'labels', { labels }),
    });
    assertKumaError(manyLabels, 400);
    assert.deepEqual(reasons(manyLabels), [`labels: must have at most ${MAX_LABELS} labels`]);
    const tags = Object.fromEntries(Array.from({ length: MAX_TAGS + 1 }, (_, i) => [`t${i}`, 'x']));
    const manyTags = await api(zone.api, '/meshes/default/dataplanes/tags', {
      method: 'PUT',
      body: dataplane('default', 'tags', {
        networking: { address: '10.1.0.1', inbound: [{ port: 8080, tags: { ...tags, 'kuma.io/service': 'web' } }] },
      }),
    });
    assertKumaError(manyTags, 400);
    assert.deepEqual(reasons(manyTags), [`networking.inbound[0].tags: must have at most ${MAX_TAGS} tags`]);
    const meshLabels = await api(global, '/meshes/labelled', { method: 'PUT', body: { type: 'Mesh', name: 'labelled', labels } });
    assertKumaError(meshLabels, 400);
  });

  it('closes a connection whose request headers do not arrive in time, answering 408 in Kuma’s shape', async () => {
    const { port } = new URL(global);
    const socket = connectTcp(Number(port), '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.write('GET /meshes HTTP/1.1\r\nHost: x\r\n');
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the slow connection was not closed')), 10_000);
      socket.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    assert.match(received, /^HTTP\/1\.1 408 /);
    assert.equal(JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4)).type, '/std-errors');
  });
});
