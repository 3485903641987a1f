import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import tls from 'node:tls';
import { createBuiltinCa } from './builtin-ca.js';
import { loadCa } from './certificate-authority.js';
import { type IdentityCertificate, issueIdentityCertificate } from './identity-certificate.js';
import { IdentityKeyTypes } from './identity-key.js';

/**
 * The certificates work where they are meant to: a real mutual-TLS handshake in OpenSSL (node:tls), each
 * side trusting only the mesh CA and checking the peer's SPIFFE URI SAN, as Envoy's SAN matchers do.
 */
describe('identity certificates in a mutual-TLS handshake', () => {
  let caPem: string;
  let server: tls.Server;
  let port: number;
  let client: IdentityCertificate;
  let otherMeshClient: IdentityCertificate;
  let ecClient: IdentityCertificate;
  let ecServer: IdentityCertificate;
  const peers: string[] = [];

  before(async () => {
    const builtin = await createBuiltinCa({ mesh: 'default' });
    const ca = await loadCa(builtin.certPem, builtin.keyPem);
    caPem = ca.chainPem;
    const serverIdentity = await issueIdentityCertificate({
      ca,
      mesh: 'default',
      backend: 'ca-1',
      tagSets: [{ 'kuma.io/service': 'backend' }],
    });
    client = await issueIdentityCertificate({
      ca,
      mesh: 'default',
      backend: 'ca-1',
      tagSets: [{ 'kuma.io/service': 'web', version: 'v1' }],
    });
    ecClient = await issueIdentityCertificate({
      ca,
      mesh: 'default',
      backend: 'ca-1',
      tagSets: [{ 'kuma.io/service': 'web-ec' }],
      keyType: IdentityKeyTypes.EcdsaP256,
    });
    ecServer = await issueIdentityCertificate({
      ca,
      mesh: 'default',
      backend: 'ca-1',
      tagSets: [{ 'kuma.io/service': 'backend' }],
      keyType: IdentityKeyTypes.EcdsaP256,
    });
    const other = await createBuiltinCa({ mesh: 'other' });
    const otherCa = await loadCa(other.certPem, other.keyPem);
    otherMeshClient = await issueIdentityCertificate({
      ca: otherCa,
      mesh: 'other',
      backend: 'ca-1',
      tagSets: [{ 'kuma.io/service': 'web' }],
    });

    server = tls.createServer(
      { key: serverIdentity.keyPem, cert: serverIdentity.certPem, ca: caPem, requestCert: true, rejectUnauthorized: true },
      (socket) => {
        peers.push(socket.getPeerCertificate().subjectaltname ?? '');
        socket.end('hello');
      },
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });

  after(async () => {
    server.close();
    await once(server, 'close');
  });

  /** Connects as `identity`, accepting only a server whose certificate names `spiffe://default/backend`. */
  function connect(identity: IdentityCertificate, to = port): tls.TLSSocket {
    return tls.connect({
      host: '127.0.0.1',
      port: to,
      key: identity.keyPem,
      cert: identity.certPem,
      ca: caPem,
      checkServerIdentity: (_host, certificate) =>
        certificate.subjectaltname?.split(', ').includes('URI:spiffe://default/backend') === true
          ? undefined
          : new Error(`unexpected server identity ${certificate.subjectaltname ?? '(none)'}`),
    });
  }

  it('connects two proxies of the mesh, each seeing the other’s SPIFFE identity', async () => {
    // when
    const socket = connect(client);
    await once(socket, 'secureConnect');
    const serverSan = socket.getPeerCertificate().subjectaltname;
    const [data] = (await once(socket, 'data')) as [Buffer];
    socket.destroy();

    // then
    assert.equal(socket.authorized, true);
    assert.equal(serverSan, 'URI:spiffe://default/backend, URI:kuma://kuma.io/service/backend');
    assert.equal(data.toString(), 'hello');
    assert.deepEqual(peers.at(-1), 'URI:spiffe://default/web, URI:kuma://kuma.io/service/web, URI:kuma://version/v1');
  });

  it('rejects a client whose certificate another mesh’s CA signed', async () => {
    // given
    const seen = peers.length;
    const rejected = once(server, 'tlsClientError') as Promise<[Error, tls.TLSSocket]>;

    // when
    const socket = connect(otherMeshClient);
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', () => undefined); // the server just closes; a client may see that as a reset
    const [, serverSide] = await rejected;
    if (!socket.closed) await once(socket, 'close');

    // then: the server's OpenSSL found no path to its trust root, and Node closed the connection for it
    assert.equal(serverSide.authorizationError, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    assert.equal(peers.length, seen, 'no connection was accepted');
    assert.deepEqual(received, []);
  });

  it('given ECDSA P-256 identity keys under the RSA CA, then they handshake with RSA-keyed proxies both ways', async () => {
    // when: a P-256 client calls the RSA-keyed server
    const socket = connect(ecClient);
    await once(socket, 'secureConnect');
    const [data] = (await once(socket, 'data')) as [Buffer];
    socket.destroy();

    // then
    assert.equal(socket.authorized, true);
    assert.equal(data.toString(), 'hello');
    assert.equal(peers.at(-1), 'URI:spiffe://default/web-ec, URI:kuma://kuma.io/service/web-ec');

    // when: an RSA-keyed client calls a P-256 server
    const ecPeers: string[] = [];
    const ec = tls.createServer(
      { key: ecServer.keyPem, cert: ecServer.certPem, ca: caPem, requestCert: true, rejectUnauthorized: true },
      (serverSocket) => {
        ecPeers.push(serverSocket.getPeerCertificate().subjectaltname ?? '');
        serverSocket.end('hello');
      },
    );
    ec.listen(0, '127.0.0.1');
    await once(ec, 'listening');
    try {
      const toEc = connect(client, (ec.address() as AddressInfo).port);
      await once(toEc, 'secureConnect');
      const serverKey = toEc.getPeerCertificate().pubkey;
      await once(toEc, 'data');
      toEc.destroy();

      // then
      assert.equal(toEc.authorized, true);
      assert.equal(serverKey?.length, 65, 'an uncompressed P-256 point');
      assert.deepEqual(ecPeers, ['URI:spiffe://default/web, URI:kuma://kuma.io/service/web, URI:kuma://version/v1']);
    } finally {
      ec.close();
    }
  });
});
