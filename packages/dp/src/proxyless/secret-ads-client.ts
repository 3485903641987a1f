import { Client, type ClientDuplexStream, status as GrpcStatus, type StatusObject } from '@grpc/grpc-js';
import { cpCallMetadata } from '../cp/cp-authorization.js';
import { type CpTransport, cpChannelCredentials } from '../cp/cp-channel-credentials.js';
import { KUMIKO_VERSION } from '@kumiko/api';
import {
  DiscoveryRequest,
  DiscoveryResponse,
  SOTW_ADS_PATH,
  type Secret,
  TypeUrls,
  decodeSecret,
  identityCertSecretName,
  meshCaSecretName,
} from '@kumiko/xds';
import type { Logger } from 'pino';
import type { IdentityMaterial } from './identity-files.js';

/** The ADS node kumiko-dp presents: the one the CP's Envoy bootstrap names, so the CP registers the Dataplane. */
export interface AdsNode {
  readonly id: string;
  readonly cluster: string;
  readonly metadata: Readonly<Record<string, unknown>>;
}

export interface SecretAdsClientOptions {
  /** The zone CP's ADS, `host:port`. */
  readonly target: string;
  /** Plaintext unless given. */
  readonly transport?: CpTransport;
  /** The proxy's token: sent as `authorization` metadata on every stream this client opens (reconnects too). */
  readonly token?: string | undefined;
  readonly node: AdsNode;
  readonly mesh: string;
  readonly logger: Logger;
  /**
   * Called with the whole identity each time it changes (never concurrently). The response that brought it is
   * ACKed once the promise resolves and NACKed, with the error's message, when it rejects.
   */
  readonly onIdentity: (material: IdentityMaterial) => Promise<void>;
  /** Reconnect delays: `initialMs` doubling up to `maxMs`, back to `initialMs` once a response arrives. Defaults 500ms, 15s. */
  readonly reconnect?: { readonly initialMs?: number; readonly maxMs?: number };
}

/** A Secret response the agent cannot use: wrong type, or a Secret without inline PEM where one is expected. */
class UnusableSecretError extends Error {
  override readonly name = 'UnusableSecretError';
  readonly code = 'UNUSABLE_SECRET';
}

type AdsCall = ClientDuplexStream<DiscoveryRequest, DiscoveryResponse>;

/**
 * kumiko-dp's own state-of-the-world ADS stream in proxyless mode: it subscribes to the mesh's two SDS Secrets
 * (`identity_cert:secret:<mesh>`, `mesh_ca:secret:<mesh>`) as the Dataplane's node, which is also what keeps the
 * Dataplane registered while the app's streams come and go. Each response is ACKed (its version and nonce) after
 * {@link SecretAdsClientOptions.onIdentity} stored it, or NACKed with the last accepted version and the reason.
 * SotW Secret responses carry only what changed, so the last accepted Secrets are kept and merged. A stream that
 * ends or fails is reopened with backoff, resubscribing from the last accepted version.
 */
export class SecretAdsClient {
  private readonly options: SecretAdsClientOptions;
  private readonly names: readonly string[];
  private client: Client | undefined;
  private call: AdsCall | undefined;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private delayMs: number;
  /** `version_info` of the last accepted response: sent on reconnect and with NACKs. */
  private acceptedVersion = '';
  /** The Secrets accepted so far, by name. */
  private held = new Map<string, Secret>();
  private delivered: IdentityMaterial | undefined;
  /** Responses are handled one after the other, in arrival order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(options: SecretAdsClientOptions) {
    this.options = options;
    this.names = [identityCertSecretName(options.mesh), meshCaSecretName(options.mesh)];
    this.delayMs = options.reconnect?.initialMs ?? 500;
  }

  start(): void {
    this.client ??= new Client(this.options.target, cpChannelCredentials(this.options.transport ?? { tls: false }));
    this.open();
  }

  /** Closes the stream (the CP counts it closed; the deregistration delay starts with the last one) and the channel. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.call?.cancel();
    this.call = undefined;
    this.client?.close();
  }

  private open(): void {
    if (this.stopped || this.client === undefined) return;
    const call = this.client.makeBidiStreamRequest(
      SOTW_ADS_PATH,
      (request: DiscoveryRequest) => Buffer.from(DiscoveryRequest.encode(request).finish()),
      (bytes: Buffer) => DiscoveryResponse.decode(bytes),
      cpCallMetadata(this.options.token),
    );
    this.call = call;
    call.on('data', (response: DiscoveryResponse) => {
      this.queue = this.queue.then(() => this.handle(call, response));
    });
    call.on('error', () => undefined); // reported through 'status'
    call.on('status', (status: StatusObject) => this.ended(call, status));
    const { node } = this.options;
    call.write({
      node: {
        id: node.id,
        cluster: node.cluster,
        metadata: { ...node.metadata },
        user_agent_name: 'kumiko-dp',
        user_agent_version_type: { $case: 'user_agent_version', user_agent_version: KUMIKO_VERSION },
      },
      type_url: TypeUrls.Secret,
      resource_names: [...this.names],
      version_info: this.acceptedVersion,
      response_nonce: '',
    });
    this.options.logger.info({ target: this.options.target, nodeId: node.id }, 'ADS stream to the control plane opened');
  }

  private ended(call: AdsCall, status: StatusObject): void {
    if (this.stopped || call !== this.call) return;
    this.call = undefined;
    const delayMs = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.options.reconnect?.maxMs ?? 15_000);
    this.options.logger.warn(
      { code: GrpcStatus[status.code], details: status.details, reconnectInMs: delayMs },
      'ADS stream to the control plane ended; reconnecting',
    );
    this.timer = setTimeout(() => this.open(), delayMs);
  }

  private async handle(call: AdsCall, response: DiscoveryResponse): Promise<void> {
    if (call !== this.call) return;
    this.delayMs = this.options.reconnect?.initialMs ?? 500;
    const typeUrl = response.type_url ?? '';
    const nonce = response.nonce ?? '';
    try {
      if (typeUrl !== TypeUrls.Secret) throw new UnusableSecretError(`unexpected type ${typeUrl}: only Secrets were asked for`);
      const next = new Map(this.held);
      for (const any of response.resources ?? []) {
        if (any.type_url !== TypeUrls.Secret)
          throw new UnusableSecretError(`a resource of type ${any.type_url ?? ''} in a Secret response`);
        const secret = decodeSecret(any.value ?? new Uint8Array());
        if (this.names.includes(secret.name ?? '')) next.set(secret.name ?? '', secret);
      }
      const material = this.materialOf(next);
      if (material !== undefined && !sameMaterial(material, this.delivered)) {
        await this.options.onIdentity(material);
        this.delivered = material;
      }
      this.held = next;
      this.acceptedVersion = response.version_info ?? '';
      this.request(call, { version_info: this.acceptedVersion, response_nonce: nonce });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.options.logger.warn({ typeUrl, version: response.version_info, error: message }, 'xDS response rejected (NACK)');
      this.request(call, {
        version_info: this.acceptedVersion,
        response_nonce: nonce,
        error_detail: { code: GrpcStatus.INVALID_ARGUMENT, message },
      });
    }
  }

  private request(call: AdsCall, fields: Pick<DiscoveryRequest, 'version_info' | 'response_nonce' | 'error_detail'>): void {
    if (call !== this.call) return;
    call.write({ type_url: TypeUrls.Secret, resource_names: [...this.names], ...fields });
  }

  /** The identity once both Secrets are held; throws when one is not the kind of Secret its name says. */
  private materialOf(secrets: ReadonlyMap<string, Secret>): IdentityMaterial | undefined {
    const [identityName = '', caName = ''] = this.names;
    const identity = secrets.get(identityName)?.type;
    const ca = secrets.get(caName)?.type;
    if (identity === undefined || ca === undefined) return undefined;
    if (identity.$case !== 'tls_certificate') throw new UnusableSecretError(`${identityName} is not a TLS certificate`);
    if (ca.$case !== 'validation_context') throw new UnusableSecretError(`${caName} is not a validation context`);
    const certPem = inlinePem(identity.tls_certificate.certificate_chain?.specifier, `${identityName} certificate_chain`);
    const keyPem = inlinePem(identity.tls_certificate.private_key?.specifier, `${identityName} private_key`);
    const caPem = inlinePem(ca.validation_context.trusted_ca?.specifier, `${caName} trusted_ca`);
    return { certPem, keyPem, caPem };
  }
}

type DataSourceSpecifier =
  { $case: 'inline_bytes'; inline_bytes: Buffer } | { $case: 'inline_string'; inline_string: string } | { $case: string } | undefined;

function inlinePem(specifier: DataSourceSpecifier, what: string): string {
  if (specifier?.$case === 'inline_bytes' && 'inline_bytes' in specifier) return Buffer.from(specifier.inline_bytes).toString('utf8');
  if (specifier?.$case === 'inline_string' && 'inline_string' in specifier) return specifier.inline_string;
  throw new UnusableSecretError(`${what}: expected inline PEM, got ${specifier?.$case ?? 'nothing'}`);
}

function sameMaterial(a: IdentityMaterial, b: IdentityMaterial | undefined): boolean {
  return b !== undefined && a.certPem === b.certPem && a.keyPem === b.keyPem && a.caPem === b.caPem;
}
