import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { identityCertSecretName, meshCaSecretName } from '../src/envoy/envoy-names.js';
import { Secret } from '../src/generated/envoy/extensions/transport_sockets/tls/v3/secret.js';
import { TypeUrls } from '../src/snapshot/xds-snapshot.js';
import { XdsTestClient, type SotwTestStream } from './xds-test-client.js';

/** The files a gRPC bootstrap's `file_watcher` certificate provider reads. */
export interface IdentityFiles {
  readonly cert: string;
  readonly key: string;
  readonly ca: string;
}

/**
 * Test support standing in for `kumiko-dp run --proxyless`, which does this in production: it fetches a proxy's
 * SDS Secrets (`identity_cert:secret:<mesh>`, `mesh_ca:secret:<mesh>`) over ADS as the proxy's node and rewrites
 * the certificate, key and CA files a proxyless app's certificate provider watches, each file replaced whole
 * (written aside, then renamed) so the app never reads half a file. It follows every push: a re-issued
 * certificate, a new CA, mTLS turned off (the files are then left as they were; no TLS context uses them).
 */
export class SecretFileWriter {
  readonly files: IdentityFiles;
  /** The identity certificates written, in order (PEM). */
  readonly written: string[] = [];
  private readonly client: XdsTestClient;
  private readonly stream: SotwTestStream;
  private readonly names: readonly string[];
  private stopped = false;
  private readonly done: Promise<void>;

  /** Starts following the Secrets of node `nodeId` (`<mesh>.<dataplane>`) served at `xdsAddress`. */
  constructor(xdsAddress: string, nodeId: string, mesh: string, dir: string) {
    const base = nodeId.replaceAll(/[^A-Za-z0-9_.-]/g, '_');
    this.files = { cert: join(dir, `${base}.crt`), key: join(dir, `${base}.key`), ca: join(dir, `${base}-ca.crt`) };
    this.names = [identityCertSecretName(mesh), meshCaSecretName(mesh)];
    this.client = new XdsTestClient(xdsAddress);
    this.stream = this.client.sotw(nodeId);
    this.stream.request(TypeUrls.Secret, this.names);
    this.done = this.follow();
  }

  /** Resolves once the identity has been written `count` times in all. */
  async writtenTimes(count: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.written.length < count) {
      if (Date.now() > deadline) throw new Error(`identity written ${this.written.length} times, not ${count}, within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stream.cancel();
    await this.done;
    this.client.close();
  }

  private async follow(): Promise<void> {
    while (!this.stopped) {
      const response = await this.stream.next(60_000).catch(() => undefined);
      if (this.stream.ended !== undefined) return;
      if (response === undefined) continue;
      for (const any of response.resources ?? []) this.write(Secret.decode(any.value ?? new Uint8Array()));
      this.stream.ack(response, this.names);
    }
  }

  private write(secret: Secret): void {
    const type = secret.type;
    if (type?.$case === 'tls_certificate') {
      const cert = type.tls_certificate.certificate_chain?.specifier;
      const key = type.tls_certificate.private_key?.specifier;
      if (cert?.$case !== 'inline_bytes' || key?.$case !== 'inline_bytes') return;
      const pem = Buffer.from(cert.inline_bytes).toString();
      if (this.written.at(-1) === pem) return;
      // the key first: a reader between the two renames sees the new key with the old certificate only when the key
      // changed, and the zone keeps a proxy's key across re-issues
      replaceFile(this.files.key, key.inline_bytes);
      replaceFile(this.files.cert, cert.inline_bytes);
      this.written.push(pem);
    } else if (type?.$case === 'validation_context') {
      const ca = type.validation_context.trusted_ca?.specifier;
      if (ca?.$case === 'inline_bytes') replaceFile(this.files.ca, ca.inline_bytes);
    }
  }
}

function replaceFile(path: string, data: Uint8Array): void {
  writeFileSync(`${path}.tmp`, data);
  renameSync(`${path}.tmp`, path);
}
