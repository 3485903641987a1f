import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from './atomic-file-writer.js';

/** A proxy's mesh identity as the zone CP serves it over SDS (PEM). */
export interface IdentityMaterial {
  /** The identity certificate (leaf). */
  readonly certPem: string;
  readonly keyPem: string;
  /** The mesh CA chain peers are checked against. */
  readonly caPem: string;
}

/** Where the identity lives in the config dir; these are the paths the gRPC bootstrap's `file_watcher` names. */
export interface IdentityFilePaths {
  readonly certificateFile: string;
  readonly privateKeyFile: string;
  readonly caCertificateFile: string;
}

export function identityFilePaths(configDir: string): IdentityFilePaths {
  return {
    certificateFile: join(configDir, 'identity-cert.pem'),
    privateKeyFile: join(configDir, 'identity-key.pem'),
    caCertificateFile: join(configDir, 'mesh-ca.pem'),
  };
}

/**
 * Writes the three identity files, each atomically (key `0600`, certificates `0644`). The key goes first and the
 * CA last: the zone keeps a proxy's key across re-issues, so a reader between two renames sees a certificate that
 * matches its key; a new CA signs new certificates, and peers trust the chain they last read.
 */
export async function writeIdentityFiles(paths: IdentityFilePaths, material: IdentityMaterial): Promise<void> {
  await writeFileAtomically(paths.privateKeyFile, material.keyPem, 0o600);
  await writeFileAtomically(paths.certificateFile, material.certPem, 0o644);
  await writeFileAtomically(paths.caCertificateFile, material.caPem, 0o644);
}

/** Removes the private key (at stop: no secret outlives the agent); the certificates stay for debugging. */
export async function removePrivateKey(paths: IdentityFilePaths): Promise<void> {
  await rm(paths.privateKeyFile, { force: true });
}
