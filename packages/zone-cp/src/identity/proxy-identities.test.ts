import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, it } from 'node:test';
import { decodeMesh, secretData, type Mesh, type Secret } from '@kumiko/api';
import { createBuiltinCa, IdentityKeyTypes } from '@kumiko/pki';
import { MeshCaSource, MeshCaUnavailableError, type SecretSource } from './mesh-ca-source.js';
import { ProxyIdentities } from './proxy-identities.js';

function meshOf(input: Record<string, unknown>): Mesh {
  const decoded = decodeMesh({ type: 'Mesh', ...input });
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.issues));
  return decoded.value;
}

const builtin = (name: string, expiration?: string) =>
  meshOf({
    name,
    mtls: {
      enabledBackend: 'ca-1',
      backends: [{ name: 'ca-1', type: 'builtin', ...(expiration === undefined ? {} : { dpCert: { rotation: { expiration } } }) }],
    },
  });

/** The zone's view of the mesh's Secrets, as the GLOBAL replica holds them. */
class Secrets implements SecretSource {
  readonly byKey = new Map<string, Secret>();
  put(mesh: string, name: string, text: string): void {
    this.byKey.set(`${mesh}/${name}`, { type: 'Secret', mesh, name, labels: {}, data: secretData(text) });
  }
  get(kind: string, name: string, mesh?: string) {
    return kind === 'secret' ? this.byKey.get(`${mesh ?? ''}/${name}`) : undefined;
  }
  async addBuiltinCa(mesh: string, backend = 'ca-1'): Promise<string> {
    const ca = await createBuiltinCa({ mesh });
    this.put(mesh, `${mesh}.ca-builtin-cert-${backend}`, ca.certPem);
    this.put(mesh, `${mesh}.ca-builtin-key-${backend}`, ca.keyPem);
    return ca.certPem;
  }
}

const web = [{ 'kuma.io/service': 'web', version: 'v1' }];

describe('proxy identities on a zone', () => {
  it('given a mesh with its builtin CA sent, then a proxy’s certificate chains to it with its SANs, valid one day', async () => {
    const secrets = new Secrets();
    const caPem = await secrets.addBuiltinCa('default');
    const identities = new ProxyIdentities(new MeshCaSource(secrets));
    const identity = await identities.identityOf({ proxy: 'dp|default|web-1', mesh: builtin('default'), tagSets: web });
    const cert = new X509Certificate(identity.certificate.certPem);
    assert.ok(cert.verify(new X509Certificate(caPem).publicKey));
    assert.equal(cert.subjectAltName, 'URI:spiffe://default/web, URI:kuma://kuma.io/service/web, URI:kuma://version/v1');
    assert.equal(identity.caPem, caPem);
    assert.equal(identity.backend, 'ca-1');
    assert.equal((identity.certificate.notAfter.getTime() - identity.certificate.notBefore.getTime()) / 1000, 86_400 + 10);
  });

  it('given no key type, then a proxy gets an ECDSA P-256 key; given rsa-2048, Kuma’s RSA key', async () => {
    const secrets = new Secrets();
    const caPem = await secrets.addBuiltinCa('default');
    const request = { proxy: 'dp|default|web-1', mesh: builtin('default'), tagSets: web };

    const ec = await new ProxyIdentities(new MeshCaSource(secrets)).identityOf(request);
    const rsa = await new ProxyIdentities(new MeshCaSource(secrets), { keyType: IdentityKeyTypes.Rsa2048 }).identityOf(request);

    const [ecCert, rsaCert] = [new X509Certificate(ec.certificate.certPem), new X509Certificate(rsa.certificate.certPem)];
    assert.equal(ecCert.publicKey.asymmetricKeyType, 'ec');
    assert.equal(ecCert.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.match(ec.certificate.keyPem, /^-----BEGIN EC PRIVATE KEY-----\n/);
    assert.equal(rsaCert.publicKey.asymmetricKeyType, 'rsa');
    assert.match(rsa.certificate.keyPem, /^-----BEGIN RSA PRIVATE KEY-----\n/);
    for (const cert of [ecCert, rsaCert]) {
      assert.ok(cert.verify(new X509Certificate(caPem).publicKey));
      assert.equal(cert.subjectAltName, 'URI:spiffe://default/web, URI:kuma://kuma.io/service/web, URI:kuma://version/v1');
    }
  });

  it('given nothing changed, then the cached certificate is served; given new tags, a new one with the same key', async () => {
    const secrets = new Secrets();
    await secrets.addBuiltinCa('default');
    const identities = new ProxyIdentities(new MeshCaSource(secrets));
    const request = { proxy: 'dp|default|web-1', mesh: builtin('default'), tagSets: web };
    const first = await identities.identityOf(request);
    assert.equal(await identities.identityOf(request), first);
    const moved = await identities.identityOf({ ...request, tagSets: [{ 'kuma.io/service': 'web', version: 'v2' }] });
    assert.notEqual(moved.certificate.certPem, first.certificate.certPem);
    assert.equal(moved.certificate.keyPem, first.certificate.keyPem, 'the key is kept');
    assert.equal(moved.regenerations, 2);
  });

  it('given two proxies of one service, then each gets its own key in a certificate with the same SANs, both chaining to the CA', async () => {
    const secrets = new Secrets();
    const caPem = await secrets.addBuiltinCa('default');
    const identities = new ProxyIdentities(new MeshCaSource(secrets));
    const first = await identities.identityOf({ proxy: 'dp|default|web-1', mesh: builtin('default'), tagSets: web });
    const second = await identities.identityOf({ proxy: 'dp|default|web-2', mesh: builtin('default'), tagSets: web });
    const [a, b] = [new X509Certificate(first.certificate.certPem), new X509Certificate(second.certificate.certPem)];
    assert.notEqual(second.certificate.keyPem, first.certificate.keyPem);
    assert.ok(b.checkPrivateKey(createPrivateKey(second.certificate.keyPem)));
    assert.ok(b.verify(new X509Certificate(caPem).publicKey));
    assert.equal(b.subjectAltName, a.subjectAltName);
    assert.notEqual(b.serialNumber, a.serialNumber);
  });

  it('given concurrent requests for one proxy, then one certificate is issued', async () => {
    const secrets = new Secrets();
    await secrets.addBuiltinCa('default');
    const identities = new ProxyIdentities(new MeshCaSource(secrets));
    const request = { proxy: 'dp|default|web-1', mesh: builtin('default'), tagSets: web };
    const [a, b] = await Promise.all([identities.identityOf(request), identities.identityOf(request)]);
    assert.equal(a, b);
  });

  it('given a certificate past 4/5 of its life, then it is re-issued; before that it is not', async () => {
    const secrets = new Secrets();
    await secrets.addBuiltinCa('default');
    let now = new Date('2026-12-06T00:00:00Z');
    const identities = new ProxyIdentities(new MeshCaSource(secrets), { clock: () => now });
    const request = { proxy: 'dp|default|web-1', mesh: builtin('default', '10h'), tagSets: web };
    const first = await identities.identityOf(request);
    assert.equal(identities.renewalTime(request.proxy)?.toISOString(), '2026-12-06T08:00:00.000Z');
    now = new Date('2026-12-06T07:59:00Z');
    assert.equal(await identities.identityOf(request), first);
    now = new Date('2026-12-06T08:01:00Z');
    const renewed = await identities.identityOf(request);
    assert.notEqual(renewed, first);
    assert.equal(renewed.certificate.notAfter.toISOString(), '2026-12-06T18:01:00.000Z');
  });

  it('given nothing due, then the current identity is known at once; given a new CA, new tags, renewal time or an issuance running, it is not', async () => {
    const secrets = new Secrets();
    await secrets.addBuiltinCa('default');
    let now = new Date('2026-12-06T00:00:00Z');
    const identities = new ProxyIdentities(new MeshCaSource(secrets), { clock: () => now });
    const mesh = builtin('default', '10h');
    const request = { proxy: 'dp|default|web-1', mesh, tagSets: web };
    assert.equal(identities.currentIdentityOf(request), undefined, 'none issued yet');

    const first = await identities.identityOf(request);
    assert.equal(identities.currentIdentityOf(request), first);
    assert.equal(identities.currentIdentityOf({ ...request, tagSets: [{ 'kuma.io/service': 'web', version: 'v2' }] }), undefined);
    assert.equal(identities.currentIdentityOf({ ...request, mesh: builtin('default', '10h') }), undefined, 'another mtls block');
    now = new Date('2026-12-06T08:01:00Z');
    assert.equal(identities.currentIdentityOf(request), undefined, 'renewal time');
    now = new Date('2026-12-06T00:00:00Z');

    await secrets.addBuiltinCa('default');
    assert.equal(identities.currentIdentityOf(request), undefined, 'the CA Secrets changed');
    const issuing = identities.identityOf(request);
    assert.equal(identities.currentIdentityOf(request), undefined, 'an issuance runs');
    const second = await issuing;
    assert.notEqual(second, first);
    assert.equal(identities.currentIdentityOf(request), second);
  });

  it('given the CA replaced, then concurrent requests for it (every proxy of the mesh at once) share one load', async () => {
    const secrets = new Secrets();
    await secrets.addBuiltinCa('default');
    const source = new MeshCaSource(secrets);
    const mesh = builtin('default');
    const first = await source.caOf(mesh);
    const newCa = await secrets.addBuiltinCa('default');

    const loads = [source.caOf(mesh), source.caOf(mesh), source.caOf(mesh)];

    assert.equal(loads[1], loads[0]);
    assert.equal(loads[2], loads[0]);
    const loaded = await loads[0];
    assert.notEqual(loaded, first);
    assert.equal(loaded?.ca.chainPem, newCa);
    assert.equal(source.loadedCaOf(mesh), loaded);
  });

  it('given the mesh’s CA replaced, then the next certificate chains to the new one', async () => {
    const secrets = new Secrets();
    await secrets.addBuiltinCa('default');
    const identities = new ProxyIdentities(new MeshCaSource(secrets));
    const request = { proxy: 'dp|default|web-1', mesh: builtin('default'), tagSets: web };
    await identities.identityOf(request);
    const newCa = await secrets.addBuiltinCa('default');
    const reissued = await identities.identityOf(request);
    assert.ok(new X509Certificate(reissued.certificate.certPem).verify(new X509Certificate(newCa).publicKey));
  });

  it('given mTLS off or the CA not (yet) sent, then Kuma’s errors', async () => {
    const identities = new ProxyIdentities(new MeshCaSource(new Secrets()));
    await assert.rejects(
      identities.identityOf({ proxy: 'p', mesh: meshOf({ name: 'plain' }), tagSets: web }),
      new MeshCaUnavailableError('CA default backend in mesh "plain" has to be defined'),
    );
    await assert.rejects(
      identities.identityOf({ proxy: 'p', mesh: builtin('default'), tagSets: web }),
      new MeshCaUnavailableError('failed to load CA key pair for Mesh "default" and backend "ca-1"'),
    );
  });

  it('given a provided backend with inline PEM, then its CA signs', async () => {
    const ca = await createBuiltinCa({ mesh: 'provided' });
    const mesh = meshOf({
      name: 'provided',
      mtls: {
        enabledBackend: 'own',
        backends: [{ name: 'own', type: 'provided', conf: { cert: { inlineString: ca.certPem }, key: { inlineString: ca.keyPem } } }],
      },
    });
    const identities = new ProxyIdentities(new MeshCaSource(new Secrets()));
    const identity = await identities.identityOf({ proxy: 'p', mesh, tagSets: web });
    assert.ok(new X509Certificate(identity.certificate.certPem).verify(new X509Certificate(ca.certPem).publicKey));
    assert.equal(identity.backend, 'own');
  });
});
