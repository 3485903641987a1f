import type { CertificateAuthorityBackend, Mesh } from '../resources/mesh.js';

/** Kuma's names of the Secrets that hold a `builtin` backend's CA, in the mesh: certificate and key. */
export function builtinCaSecretNames(mesh: string, backend: string): { readonly cert: string; readonly key: string } {
  return { cert: `${mesh}.ca-builtin-cert-${backend}`, key: `${mesh}.ca-builtin-key-${backend}` };
}

/** What a `builtin` backend's `conf.caCert` asks of its CA: RSA bits and the expiration, as written. */
export function builtinCaSettings(backend: CertificateAuthorityBackend): { readonly rsaBits?: number; readonly expiration?: string } {
  const caCert = backend.conf?.['caCert'];
  if (typeof caCert !== 'object' || caCert === null) return {};
  const { RSAbits: rsaBits, expiration } = caCert as Record<string, unknown>;
  return {
    ...(typeof rsaBits === 'number' && Number.isInteger(rsaBits) && rsaBits > 0 ? { rsaBits } : {}),
    ...(typeof expiration === 'string' && expiration !== '' ? { expiration } : {}),
  };
}

/** The mesh's enabled CA backend, when mTLS is on. */
export function enabledCaBackend(mesh: Mesh): CertificateAuthorityBackend | undefined {
  const enabled = mesh.mtls?.enabledBackend ?? '';
  return enabled === '' ? undefined : mesh.mtls?.backends.find((backend) => backend.name === enabled);
}
