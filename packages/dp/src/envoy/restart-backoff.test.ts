import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RestartBackoff } from './restart-backoff.js';

describe('RestartBackoff', () => {
  it('given repeated quick crashes, when asked, then delays double from 1s up to the 30s cap', () => {
    const backoff = new RestartBackoff();
    assert.deepEqual(
      Array.from({ length: 8 }, () => backoff.delayAfterRun(10)),
      [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000],
    );
  });

  it('given a run longer than stableAfterMs, when it crashes, then the delay starts over', () => {
    const backoff = new RestartBackoff({ initialMs: 10, maxMs: 100, stableAfterMs: 1_000 });
    backoff.delayAfterRun(0);
    backoff.delayAfterRun(0);
    assert.equal(backoff.delayAfterRun(0), 40);
    assert.equal(backoff.delayAfterRun(1_000), 10);
    assert.equal(backoff.delayAfterRun(5), 20);
  });
});
