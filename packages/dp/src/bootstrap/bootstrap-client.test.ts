import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { freePort } from '../test-support/free-port.js';
import { TestControlPlane, bootstrapReply, bootstrapYaml } from '../test-support/test-control-plane.js';
import { BootstrapRejectedError, BootstrapTimeoutError, fetchBootstrap } from './bootstrap-client.js';
import { buildBootstrapRequest } from './bootstrap-request.js';

const logger = pino({ level: 'silent' });
const request = buildBootstrapRequest({
  proxyType: 'dataplane',
  name: 'dp-1',
  mesh: 'default',
  resourceJson: '{}',
  token: undefined,
  tokenPath: undefined,
  envoy: { version: '1.34.1', build: 'a/1.34.1/Clean/RELEASE/BoringSSL' },
  dnsPort: 15053,
  workdir: '/w',
});
const fast = { retryInitialMs: 5, retryMaxMs: 20 };

describe('fetchBootstrap', () => {
  const cp = new TestControlPlane();
  before(() => cp.listen());
  after(() => cp.close());

  it('given a CP that answers, when fetched, then the request is the JSON body with JSON headers and the YAML comes back', async () => {
    // given
    cp.requests.length = 0;
    cp.bootstrapReplies = [bootstrapReply(bootstrapYaml(9901))];
    // when
    const response = await fetchBootstrap(request, { cpAddress: cp.url, logger });
    // then
    assert.equal(response.bootstrapYaml, bootstrapYaml(9901));
    const [received] = cp.bootstrapRequests();
    assert.equal(received?.headers.accept, 'application/json');
    assert.equal(received?.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(received?.body ?? ''), request);
  });

  it('given a CP that answers 503 twice, when fetched, then it retries and succeeds', async () => {
    cp.requests.length = 0;
    cp.bootstrapReplies = [{ status: 503, body: 'starting' }, { status: 500, body: 'oops' }, bootstrapReply(bootstrapYaml(9901))];
    await fetchBootstrap(request, { cpAddress: cp.url, logger, ...fast });
    assert.equal(cp.bootstrapRequests().length, 3);
  });

  for (const status of [422, 404, 400]) {
    it(`given a CP that answers ${status}, when fetched, then it fails at once with the status and the body`, async () => {
      cp.requests.length = 0;
      cp.bootstrapReplies = [{ status, body: 'networking.inbound[0].port: port must be in the range [1, 65535]\n' }];
      await assert.rejects(fetchBootstrap(request, { cpAddress: cp.url, logger, ...fast }), (error: unknown) => {
        assert.ok(error instanceof BootstrapRejectedError);
        assert.equal(error.status, status);
        assert.equal(
          error.message,
          `the control plane rejected the bootstrap request: HTTP ${status}\n  networking.inbound[0].port: port must be in the range [1, 65535]`,
        );
        return true;
      });
      assert.equal(cp.bootstrapRequests().length, 1);
    });
  }

  it('given nothing listens at the CP address, when fetched, then it retries until the timeout and names the last failure', async () => {
    const cpAddress = `http://127.0.0.1:${await freePort()}`;
    await assert.rejects(fetchBootstrap(request, { cpAddress, logger, timeoutMs: 100, ...fast }), (error: unknown) => {
      assert.ok(error instanceof BootstrapTimeoutError);
      assert.match(error.message, /no bootstrap from http:\/\/127\.0\.0\.1:\d+ after \d+ attempts: cannot reach .*ECONNREFUSED/);
      return true;
    });
  });

  it('given an abort while retrying, when fetched, then it stops with the abort reason', async () => {
    cp.bootstrapReplies = [{ status: 503, body: 'starting' }];
    const controller = new AbortController();
    const pending = fetchBootstrap(request, { cpAddress: cp.url, logger, retryInitialMs: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stopped')), 50);
    await assert.rejects(pending, { message: 'stopped' });
  });
});
