import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildEnvoyArgs } from './envoy-args.js';

describe('buildEnvoyArgs', () => {
  it("given kuma-dp's defaults on Linux, when built, then kuma-dp's command line with --cpuset-threads", () => {
    assert.deepEqual(
      buildEnvoyArgs({ configPath: '/tmp/x/bootstrap.yaml', drainTimeMs: 30_000, logLevel: 'info', concurrency: 0, platform: 'linux' }),
      [
        '--config-path',
        '/tmp/x/bootstrap.yaml',
        '--drain-time-s',
        '30',
        '--disable-hot-restart',
        '--log-level',
        'info',
        '--cpuset-threads',
      ],
    );
  });

  it('given a concurrency and a fractional drain time elsewhere, when built, then --concurrency and whole seconds', () => {
    assert.deepEqual(buildEnvoyArgs({ configPath: 'b.yaml', drainTimeMs: 1_500, logLevel: 'debug', concurrency: 2, platform: 'darwin' }), [
      '--config-path',
      'b.yaml',
      '--drain-time-s',
      '1',
      '--disable-hot-restart',
      '--log-level',
      'debug',
      '--concurrency',
      '2',
    ]);
  });
});
