import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { globalCpSettings } from '@kumiko/global-cp';
import { zoneCpSettings } from '@kumiko/zone-cp';
import { repoRoot } from './pipeline-fixtures.js';

describe('README configuration table', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  for (const [who, settings] of [
    ['global CP', globalCpSettings],
    ['zone CP', zoneCpSettings],
  ] as const) {
    for (const setting of Object.values(settings)) {
      it(`documents ${setting.env} (${who}) with its default`, () => {
        const row = readme.split('\n').find((line) => line.startsWith(`| \`${setting.env}\` |`));
        assert.ok(row, `${setting.env} is missing from the README's configuration table`);
        assert.ok(
          row.includes(setting.default === undefined ? '| — |' : `| \`${setting.default}\` |`),
          `${setting.env}: README default differs from ${String(setting.default)}`,
        );
        assert.ok(row.includes(who), `${setting.env}: README does not say the ${who} uses it`);
      });
    }
  }
});
