import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { decodeZone, ErrorTitles, validationErrorBody, type Zone, readResourceBody, type ParseResult } from '@kumiko/api';
import { deleteZone, upsertZone, type KumikoDatabase } from '@kumiko/store';
import type { DeleteOutcome } from '@kumiko/rest';

export interface ZoneServiceOptions {
  /** The zone projector's checkpoint name: zone writes serialise with its batches. */
  readonly checkpoint: string;
  /** Called after a change queued outbox rows (wakes the relay). */
  readonly onOutbox: () => void;
  readonly logger: Logger;
}

/**
 * Zones as operators manage them on the global CP: disabling one withdraws its ZoneIngresses and ZoneEgresses
 * from every other zone (re-enabling sends them again); deleting one is allowed only while its CP is offline
 * and removes everything projected from it.
 */
export class ZoneService {
  constructor(
    private readonly db: Kysely<KumikoDatabase>,
    private readonly options: ZoneServiceOptions,
  ) {}

  /** `PUT /zones/{name}`: 201 when created, 200 when updated, or Kuma's 400 body. */
  async put(name: string, body: unknown): Promise<ParseResult<{ readonly created: boolean }>> {
    const read = readResourceBody<Zone>(body, { type: 'Zone', urlName: name, urlMesh: '', decode: decodeZone }, { mode: 'global' });
    if (!read.ok) return read;
    const zone = read.value;
    const result = await upsertZone(this.db, { name, enabled: zone.enabled, labels: zone.labels }, { checkpoint: this.options.checkpoint });
    if (result.queued > 0) this.options.onOutbox();
    this.options.logger.info({ zone: name, enabled: zone.enabled ?? true, created: result.created, queued: result.queued }, 'zone written');
    return { ok: true, value: { created: result.created } };
  }

  /** `DELETE /zones/{name}`: refused (400) while the zone CP is connected. */
  async delete(name: string): Promise<DeleteOutcome> {
    const outcome = await deleteZone(this.db, name, { checkpoint: this.options.checkpoint });
    if (outcome === 'not-found') return { status: 'not-found' };
    if (outcome === 'online') {
      return {
        status: 'refused',
        error: validationErrorBody(
          [{ field: 'zone', message: 'unable to delete Zone, Zone CP is still connected, please shut it down first' }],
          ErrorTitles.deleteResource,
        ),
      };
    }
    this.options.onOutbox();
    this.options.logger.info({ zone: name }, 'zone deleted with everything projected from it');
    return { status: 'deleted' };
  }
}
