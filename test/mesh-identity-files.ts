/** How a test gets a proxy's mesh identity from its zone CP as files, the way a proxy gets it over SDS. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@kumiko/testing';
import { TypeUrls } from '@kumiko/xds';
import { Secret, XdsTestClient } from '@kumiko/xds/test-support';

/** The files a gRPC `file_watcher` certificate provider reads. */
export interface IdentityFiles {
  readonly cert: string;
  readonly key: string;
  readonly ca: string;
}

/**
 * Fetches the identity of Dataplane `<mesh>.<name>` from its zone CP over ADS, as its Envoy would:
 * a stream as that node asking for the SDS Secrets `identity_cert:secret:<mesh>` (certificate and key)
 * and `mesh_ca:secret:<mesh>` (the mesh CA), written as PEM files `<name>.crt`, `<name>.key`,
 * `<name>-ca.crt` in `dir`. The stream is closed afterwards (the CP then forgets the node; the files stay).
 * In production `kumiko-dp run --proxyless` does this and keeps the files fresh; this is its stand-in.
 */
export async function fetchIdentityFiles(adsAddress: string, mesh: string, name: string, dir: string): Promise<IdentityFiles> {
  const identity = `identity_cert:secret:${mesh}`;
  const ca = `mesh_ca:secret:${mesh}`;
  const nodeId = `${mesh}.${name}`;
  const client = new XdsTestClient(adsAddress);
  const stream = client.sotw(nodeId);
  try {
    stream.send({ type_url: TypeUrls.Secret, resource_names: [identity, ca], version_info: '', response_nonce: '', node: { id: nodeId } });
    const secrets = await waitFor(
      `the identity Secrets of ${nodeId}`,
      async () => {
        const response = await stream.next(20_000);
        stream.ack(response, response.type_url === TypeUrls.Secret ? [identity, ca] : []);
        if (response.type_url !== TypeUrls.Secret) return undefined;
        const found = new Map(
          (response.resources ?? []).map((any) => Secret.decode(any.value ?? new Uint8Array())).map((s) => [s.name, s]),
        );
        return found.has(identity) && found.has(ca) ? found : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 0 },
    );
    const tls = secrets.get(identity)?.type;
    const validation = secrets.get(ca)?.type;
    if (tls?.$case !== 'tls_certificate' || validation?.$case !== 'validation_context') throw new Error(`unexpected Secrets for ${nodeId}`);
    const bytes = (source: { specifier?: { $case: string; inline_bytes?: Buffer } } | undefined): Buffer => {
      const specifier = source?.specifier;
      if (specifier?.$case !== 'inline_bytes' || specifier.inline_bytes === undefined)
        throw new Error(`a Secret of ${nodeId} is not inline`);
      return specifier.inline_bytes;
    };
    const files = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`), ca: join(dir, `${name}-ca.crt`) };
    writeFileSync(files.cert, bytes(tls.tls_certificate.certificate_chain));
    writeFileSync(files.key, bytes(tls.tls_certificate.private_key), { mode: 0o600 });
    writeFileSync(files.ca, bytes(validation.validation_context.trusted_ca));
    return files;
  } finally {
    stream.cancel();
    client.close();
  }
}
