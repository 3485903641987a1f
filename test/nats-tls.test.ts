/**
 * NATS over TLS (`KUMA_EVENTS_NATS_TLS_*`): a real nats-server configured for TLS with a certificate made in the
 * test; connectNats given that certificate's CA connects and round-trips a message; without the CA it cannot.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect } from 'nats';
import { pino } from 'pino';
import { connectNats } from '@kumiko/bus';
import { createControlPlaneCertificate } from '@kumiko/pki';
import { startNats, type NatsServer } from '@kumiko/testing';

describe('NATS over TLS', () => {
  let dir: string;
  let nats: NatsServer;
  let caFile: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nats-tls-'));
    const cert = await createControlPlaneCertificate({ dnsNames: ['localhost'], ips: ['127.0.0.1'] });
    caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, cert.certPem);
    writeFileSync(join(dir, 'key.pem'), cert.keyPem);
    nats = await startNats({
      jetstream: false,
      config: `tls {\n  cert_file: "${caFile}"\n  key_file: "${join(dir, 'key.pem')}"\n}\n`,
    });
  });

  after(async () => {
    await nats.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given the CA, then connectNats connects over TLS and a message round-trips', async () => {
    const nc = await connectNats({ servers: nats.url, name: 'tls-test', logger: pino({ level: 'silent' }), tls: { caFile } });
    try {
      const sub = nc.subscribe('tls.check', { max: 1 });
      nc.publish('tls.check', 'over tls');
      for await (const message of sub) assert.equal(message.string(), 'over tls');
      assert.equal(nc.info?.tls_required, true);
    } finally {
      await nc.close();
    }
  });

  it('given no CA, then the server certificate does not verify', async () => {
    await assert.rejects(connect({ servers: nats.url, tls: {}, reconnect: false, timeout: 5_000 }));
  });
});
