import { cpHttpAuthorization } from '../cp/cp-authorization.js';
import { cpHttpRequest } from '../cp/cp-http-client.js';
import type { Logger } from 'pino';
import { DnsTable, dnsTableResponseSchema } from './dns-table.js';

export interface DnsTablePollerOptions {
  /** The DP server's base URL. */
  readonly cpAddress: string;
  /** The CA (PEM) an `https` DP server is verified against. */
  readonly caPem?: string | undefined;
  readonly mesh: string;
  /** The proxy's token, sent as `authorization` (the raw JWT, as on ADS) so the CP can check who asks. */
  readonly token?: string | undefined;
  readonly logger: Logger;
  /** Time between the end of one poll and the start of the next. Default 1s. */
  readonly intervalMs?: number;
  /** One request's limit. Default 5s. */
  readonly requestTimeoutMs?: number;
}

/** The result of one poll. */
export type DnsPollResult = 'updated' | 'unchanged' | 'failed';

/**
 * Keeps the mesh's DNS table in step with the CP: `GET <cp>/dns?mesh=<mesh>` with the last `ETag` in
 * `If-None-Match` (304: unchanged). While the CP is unreachable or answers anything unusable, the last
 * good table stays in use; a failure is logged once when it starts and once when it ends, never per poll.
 * `start()` polls at once, then every `intervalMs`; the constructor does nothing.
 */
export class DnsTablePoller {
  private readonly options: DnsTablePollerOptions;
  private _table: DnsTable = DnsTable.empty;
  private etag: string | undefined;
  private failing = false;
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(options: DnsTablePollerOptions) {
    this.options = options;
  }

  /** The last good table (empty until the first one arrives). */
  get table(): DnsTable {
    return this._table;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
  }

  /** One poll. Never throws. */
  async refresh(): Promise<DnsPollResult> {
    const { cpAddress, mesh, logger } = this.options;
    try {
      const response = await cpHttpRequest(`${cpAddress}/dns?mesh=${encodeURIComponent(mesh)}`, {
        method: 'GET',
        headers: {
          accept: 'application/json',
          ...cpHttpAuthorization(this.options.token),
          ...(this.etag === undefined ? {} : { 'if-none-match': this.etag }),
        },
        signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 5_000),
        caPem: this.options.caPem,
      });
      const { body } = response;
      if (response.status === 304) return this.recovered('unchanged');
      if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${body.trim().slice(0, 200)}`);
      const parsed = dnsTableResponseSchema.safeParse(JSON.parse(body));
      if (!parsed.success)
        throw new Error(`unexpected DNS table: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      this._table = DnsTable.fromResponse(parsed.data);
      const etag = response.headers.etag;
      this.etag = typeof etag === 'string' ? etag : undefined;
      logger.debug({ names: this._table.size, etag: this.etag }, 'DNS table updated');
      return this.recovered('updated');
    } catch (error) {
      if (!this.failing) logger.warn({ err: error, mesh }, 'cannot fetch the DNS table; keeping the last one');
      this.failing = true;
      return 'failed';
    }
  }

  private recovered(result: DnsPollResult): DnsPollResult {
    if (this.failing) this.options.logger.info({ mesh: this.options.mesh }, 'DNS table fetched again');
    this.failing = false;
    return result;
  }

  private async loop(): Promise<void> {
    if (!this.running) return;
    await this.refresh();
    if (!this.running) return;
    this.timer = setTimeout(() => void this.loop(), this.options.intervalMs ?? 1_000);
  }
}
