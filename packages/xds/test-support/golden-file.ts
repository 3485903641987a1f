/**
 * Golden files for generated Envoy configuration (packages/xds/testdata/*.golden.json). They are
 * rewritten only when `UPDATE_GOLDEN=1`, and never in CI: `CI=true` with `UPDATE_GOLDEN` set fails.
 * Test-only.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type GeneratedResource, messageToJson } from '../src/snapshot/generated-resource.js';
import { stableStringify } from '../src/snapshot/stable-json.js';

const TESTDATA = new URL('../testdata/', import.meta.url);

/**
 * Deterministic JSON of resources: `{ "<Type>": { "<name>": <proto3 JSON> } }`, keys sorted at every
 * depth, ending with a newline. A name generated twice must have equal JSON.
 */
export function resourcesToGoldenJson(resources: readonly GeneratedResource[]): string {
  const byType: Record<string, Record<string, unknown>> = {};
  for (const resource of resources) {
    const type = resource.typeUrl.slice(resource.typeUrl.lastIndexOf('.') + 1);
    const named = (byType[type] ??= {});
    const json = messageToJson(resource);
    const previous = named[resource.name];
    if (previous !== undefined && stableStringify(previous) !== stableStringify(json)) {
      throw new Error(`two different ${type} resources named ${resource.name}`);
    }
    named[resource.name] = json;
  }
  return `${stableStringify(byType, 2)}\n`;
}

/** Asserts `actual` equals testdata/`name`, or (re)writes it under `UPDATE_GOLDEN=1` outside CI. */
export function assertGolden(name: string, actual: string): void {
  const url = new URL(name, TESTDATA);
  const path = fileURLToPath(url);
  const update = process.env.UPDATE_GOLDEN;
  if (update !== undefined && update !== '') {
    assert.notEqual(process.env.CI, 'true', 'UPDATE_GOLDEN must not be set in CI: golden files are reviewed changes');
    if (update === '1') {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, actual);
      return;
    }
  }
  assert.ok(existsSync(path), `missing golden file testdata/${name}: run the test with UPDATE_GOLDEN=1 and review it`);
  assert.equal(actual, readFileSync(path, 'utf8'), `generated config differs from testdata/${name} (UPDATE_GOLDEN=1 rewrites it)`);
}
