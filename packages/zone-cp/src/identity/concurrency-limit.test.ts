import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConcurrencyLimit } from './concurrency-limit.js';

describe('ConcurrencyLimit', () => {
  it('given more tasks than slots, then at most the limit run at once, the rest in arrival order', async () => {
    const limit = new ConcurrencyLimit(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const task = (n: number) => async () => {
      started.push(n);
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return n;
    };

    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => limit.run(task(n))));

    assert.deepEqual(results, [1, 2, 3, 4, 5]);
    assert.deepEqual(started, [1, 2, 3, 4, 5]);
    assert.equal(most, 2);
    assert.equal(limit.queued, 0);
  });

  it('given a task that fails, then its slot goes to the next one and the failure to its caller', async () => {
    const limit = new ConcurrencyLimit(1);
    const failing = limit.run(() => Promise.reject(new Error('boom')));
    const next = limit.run(() => Promise.resolve('next'));
    await assert.rejects(failing, { message: 'boom' });
    assert.equal(await next, 'next');
  });

  it('refuses a limit below one', () => {
    assert.throws(() => new ConcurrencyLimit(0), RangeError);
  });
});
