import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DATAPLANE_TOKEN_REQUIRED, handleBootstrapRequest, type BootstrapDeps } from './bootstrap-handler.js';
import type { BootstrapProxyType } from './bootstrap-request.js';

const web = {
  type: 'Dataplane',
  mesh: 'default',
  name: 'web-1',
  networking: { address: '10.0.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web' } }] },
};

function deps(authenticated: readonly BootstrapProxyType[]): BootstrapDeps {
  return {
    meshExists: (mesh) => mesh === 'default',
    tokenRequired: (proxyType) => authenticated.includes(proxyType),
    findResource: () => undefined,
    adminPortDefault: 9901,
    adminAddress: '127.0.0.1',
    xdsHost: '',
    xdsPort: 5678,
    xdsConnectTimeoutMs: 1000,
  };
}

const post = (body: Record<string, unknown>, authenticated: readonly BootstrapProxyType[]) =>
  handleBootstrapRequest({ body: JSON.stringify(body), accept: 'application/json', host: 'cp:5678' }, deps(authenticated));

describe('POST /bootstrap: the token Kuma requires when proxies authenticate', () => {
  it('given dataplanes authenticate and no token or token path, then 422 with Kuma’s plain-text message', async () => {
    const reply = await post({ mesh: 'default', name: 'web-1', dataplaneResource: JSON.stringify(web) }, ['dataplane']);
    assert.equal(reply.status, 422);
    assert.match(reply.contentType, /^text\/plain/);
    assert.equal(
      reply.body,
      "Dataplane Token is required. Generate token using 'kumactl generate dataplane-token > /path/file' and provide it via --dataplane-token-file=/path/file argument to Kuma DP",
    );
    assert.equal(reply.body, DATAPLANE_TOKEN_REQUIRED);
  });

  it('given a token or only its path, then the bootstrap is served (the token is checked on the ADS stream, not here)', async () => {
    for (const token of [{ dataplaneToken: 'not-even-a-jwt' }, { dataplaneTokenPath: '/var/run/token' }]) {
      const reply = await post({ mesh: 'default', name: 'web-1', dataplaneResource: JSON.stringify(web), ...token }, ['dataplane']);
      assert.equal(reply.status, 200, reply.body);
    }
  });

  it('given only zone proxies authenticate, then a Dataplane needs no token and a zone ingress does', async () => {
    assert.equal(
      (await post({ mesh: 'default', name: 'web-1', dataplaneResource: JSON.stringify(web) }, ['ingress', 'egress'])).status,
      200,
    );
    const ingress = { type: 'ZoneIngress', name: 'zi-1', networking: { address: '10.0.0.9', port: 10001 } };
    const reply = await post({ name: 'zi-1', proxyType: 'ingress', dataplaneResource: JSON.stringify(ingress) }, ['ingress', 'egress']);
    assert.equal(reply.status, 422);
    assert.equal(reply.body, DATAPLANE_TOKEN_REQUIRED);
  });

  it('given authentication none, then no token is needed', async () => {
    assert.equal((await post({ mesh: 'default', name: 'web-1', dataplaneResource: JSON.stringify(web) }, [])).status, 200);
  });
});
