/**
 * Kuma REST conformance: table tests over the whole system (NATS, Postgres, the global CP and two zone CPs as
 * processes). `test/conformance/setup.json` is loaded through the APIs as a user would; then every case under
 * `test/conformance/{zone,global}/` is requested from zone-1's or the global's API and the whole JSON body is
 * compared with the case's expected body, field order aside.
 *
 * The expected bodies are written from Kuma 2.13's documented behaviour (proto3 JSON field presence, the
 * labels Kuma computes, KRIs, KDS's hashed names, error shapes), not from Kumiko's output. Values that differ
 * per run are written as placeholders: `"<time>"` for timestamps, `http://<host>` for this API's address.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startKumikoSystem, waitFor, type KumikoSystem } from '@kumiko/testing';
import { rest } from './multizone-fixtures.js';

const DIR = join(import.meta.dirname, 'conformance');
const CONVERGE_MS = 30_000;
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

interface Request {
  readonly method?: 'GET' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
  /** Extra request headers, e.g. `x-forwarded-for` for a remote caller (not the localhost admin). */
  readonly headers?: Record<string, string>;
}

interface ConformanceCase {
  readonly about: string;
  readonly request: Request;
  readonly status: number;
  readonly body: unknown;
}

interface Setup {
  readonly global: readonly Request[];
  readonly zones: Readonly<Record<string, readonly Request[]>>;
}

function readJson<T>(...path: string[]): T {
  return JSON.parse(readFileSync(join(DIR, ...path), 'utf8')) as T;
}

function casesOf(api: 'zone' | 'global'): [string, ConformanceCase][] {
  return readdirSync(join(DIR, api))
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => [file, readJson<ConformanceCase>(api, file)]);
}

/** What differs per run, as the expected files write it: timestamps and this API's own address. */
function normalised(value: unknown, base: string): unknown {
  if (typeof value === 'string') return RFC3339.test(value) ? '<time>' : value.replaceAll(base, 'http://<host>');
  if (Array.isArray(value)) return value.map((item) => normalised(item, base));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, normalised(field, base)]));
  }
  return value;
}

async function send(base: string, request: Request): Promise<{ status: number; body: unknown }> {
  return rest(base, request.path, request.method ?? 'GET', request.body, request.headers);
}

describe('Kuma REST conformance: whole bodies against expected files, on a zone and on the global', () => {
  let system: KumikoSystem;
  const bases: Record<'zone' | 'global', string> = { zone: '', global: '' };

  before(async () => {
    system = await startKumikoSystem({ zoneEnv: { KUMA_MULTIZONE_ZONE_HEARTBEAT_INTERVAL: '250ms' } });
    bases.global = system.global.url;
    bases.zone = system.zone('zone-1').url;
    const setup = readJson<Setup>('setup.json');
    for (const request of setup.global) {
      const reply = await send(bases.global, request);
      assert.ok(reply.status < 300, `setup ${request.path} on the global: ${reply.status} ${JSON.stringify(reply.body)}`);
    }
    for (const [zone, requests] of Object.entries(setup.zones)) {
      const base = system.zone(zone).url;
      // a zone accepts a Dataplane once the mesh it names has reached it from the global
      await waitFor(
        `the default mesh on ${zone}`,
        async () => ((await send(base, { path: '/meshes/default' })).status === 200 ? true : undefined),
        {
          timeoutMs: CONVERGE_MS,
        },
      );
      for (const request of requests) {
        const reply = await send(base, request);
        assert.ok(reply.status < 300, `setup ${request.path} on ${zone}: ${reply.status} ${JSON.stringify(reply.body)}`);
      }
    }
    // everything has converged: projected on the global, zone-2's ingress replicated to zone-1, availableServices computed
    await waitFor(
      'the setup everywhere',
      async () => {
        const dataplanes = await send(bases.global, { path: '/meshes/default/dataplanes' });
        const ingresses = await send(bases.zone, { path: '/zoneingresses' });
        const local = await send(bases.zone, { path: '/zoneingresses/zi-1' });
        const ready =
          (dataplanes.body as { total?: number }).total === 3 &&
          (ingresses.body as { total?: number }).total === 2 &&
          Array.isArray((local.body as { availableServices?: unknown[] }).availableServices);
        return ready ? true : undefined;
      },
      { timeoutMs: CONVERGE_MS, intervalMs: 100 },
    );
  });

  after(async () => {
    await system?.stop();
  });

  for (const api of ['zone', 'global'] as const) {
    describe(`${api} API`, () => {
      for (const [file, testCase] of casesOf(api)) {
        it(`${file}: ${testCase.about}`, async () => {
          const reply = await send(bases[api], testCase.request);
          assert.deepEqual(
            { status: reply.status, body: normalised(reply.body, bases[api]) },
            { status: testCase.status, body: testCase.body },
          );
        });
      }
    });
  }
});
