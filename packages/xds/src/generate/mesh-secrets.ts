import { secretResource, type GeneratedResource } from '../snapshot/generated-resource.js';
import { identityCertSecretName, meshCaSecretName } from '../envoy/envoy-names.js';

/** A proxy's mesh identity as the zone issued it: its certificate and key, and the mesh CA it trusts (PEM). */
export interface MeshIdentityMaterial {
  readonly mesh: string;
  readonly certPem: string;
  readonly keyPem: string;
  readonly caPem: string;
}

/**
 * The two SDS Secrets Kuma serves a proxy of an mTLS mesh over ADS: `identity_cert:secret:<mesh>` (its
 * certificate and key, the leaf only) and `mesh_ca:secret:<mesh>` (the CA to validate peers with). The names are
 * the ones the generators' TLS contexts reference.
 */
export function meshSecretResources(identity: MeshIdentityMaterial): GeneratedResource[] {
  return [
    secretResource({
      name: identityCertSecretName(identity.mesh),
      type: {
        $case: 'tls_certificate',
        tls_certificate: {
          certificate_chain: { specifier: { $case: 'inline_bytes', inline_bytes: Buffer.from(identity.certPem) } },
          private_key: { specifier: { $case: 'inline_bytes', inline_bytes: Buffer.from(identity.keyPem) } },
        },
      },
    }),
    secretResource({
      name: meshCaSecretName(identity.mesh),
      type: {
        $case: 'validation_context',
        validation_context: { trusted_ca: { specifier: { $case: 'inline_bytes', inline_bytes: Buffer.from(identity.caPem) } } },
      },
    }),
  ];
}
