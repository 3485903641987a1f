import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isServiceTlsReady } from './service-tls-readiness.js';

describe('isServiceTlsReady (Kuma: issuedBackends[<enabled backend>] equals online + offline)', () => {
  const cases: { name: string; total: number; issued: Record<string, number>; backend: string; expected: boolean }[] = [
    { name: 'every Dataplane holds a certificate of the backend', total: 2, issued: { 'ca-1': 2 }, backend: 'ca-1', expected: true },
    { name: 'one Dataplane has none yet', total: 2, issued: { 'ca-1': 1 }, backend: 'ca-1', expected: false },
    { name: 'certificates of another backend', total: 2, issued: { 'ca-0': 2 }, backend: 'ca-1', expected: false },
    { name: 'no backend enabled', total: 0, issued: {}, backend: '', expected: false },
  ];
  for (const { name, total, issued, backend, expected } of cases) {
    it(`given ${name}, then ${expected ? 'ready' : 'not ready'}`, () => {
      assert.equal(isServiceTlsReady({ dataplanes: { total, online: total, offline: 0 }, issuedBackends: issued }, backend), expected);
    });
  }
});
