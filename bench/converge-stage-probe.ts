import { performance } from 'node:perf_hooks';
import { connect, type NatsConnection, type Subscription } from 'nats';
import type { ZoneIngress } from '@kumiko/api';
import { decodeGlobalViewEntry, decodeZoneEvent, escapeToken, SubjectKinds, ZoneEventTypes } from '@kumiko/events';
import type { NatsLogin } from '@kumiko/testing';

/**
 * Where one cross-zone change is on its way, seen from outside on NATS (core subscriptions of the
 * `global` user, which sees every subject of Kumiko's account): the zone's Dataplane event in ZONES,
 * the zone's ZoneIngress with the new `availableServices` in ZONES (AvailableServicesUpdater), and
 * that ZoneIngress in GLOBAL (projector → Postgres → outbox relay). Messages are only timestamped
 * on arrival and decoded when asked about, so the probe adds little to the measured path.
 */
export interface StageTimes {
  /** The Dataplane event was stored in ZONES (the zone's publish). */
  readonly dataplane?: number;
  /** The zone's ZoneIngress with the new instance count was stored in ZONES. */
  readonly zoneIngress?: number;
  /** The global CP's outbox relay published it to GLOBAL. */
  readonly global?: number;
}

interface Seen {
  readonly at: number;
  readonly subject: string;
  readonly data: Uint8Array;
}

export class ConvergeStageProbe {
  private readonly nc: NatsConnection;
  private readonly zone: string;
  private readonly seen: { dataplane: Seen[]; zoneIngress: Seen[]; global: Seen[] } = { dataplane: [], zoneIngress: [], global: [] };
  private readonly subscriptions: Subscription[] = [];

  private constructor(nc: NatsConnection, zone: string) {
    this.nc = nc;
    this.zone = zone;
  }

  /** Subscribes to `zone`'s Dataplanes of `mesh`, its ZoneIngresses, and the global view's ZoneIngresses. */
  static async start(natsUrl: string, login: NatsLogin, zone: string, mesh: string): Promise<ConvergeStageProbe> {
    const nc = await connect({ servers: natsUrl, user: login.user, pass: login.password, name: 'converge-stage-probe' });
    const probe = new ConvergeStageProbe(nc, zone);
    const z = escapeToken(zone);
    probe.follow(`kumiko.zone.${z}.${SubjectKinds.Dataplane}.${escapeToken(mesh)}.>`, probe.seen.dataplane);
    probe.follow(`kumiko.zone.${z}.${SubjectKinds.ZoneIngress}.>`, probe.seen.zoneIngress);
    probe.follow(`kumiko.global.${SubjectKinds.ZoneIngress}.>`, probe.seen.global);
    await nc.flush();
    return probe;
  }

  /**
   * When each stage of a change sent at `sentAt` happened: the first Dataplane event of `dataplane`,
   * and the first ZoneIngress of the zone (in ZONES, then in GLOBAL) listing `service` with
   * `instances` in `mesh`, after `sentAt`. Forgets what came before `sentAt`.
   */
  stagesOf(
    sentAt: number,
    change: { readonly dataplane: string; readonly mesh: string; readonly service: string; readonly instances: number },
  ): StageTimes {
    for (const list of Object.values(this.seen)) {
      while ((list[0]?.at ?? Number.POSITIVE_INFINITY) < sentAt) list.shift();
    }
    const dataplaneToken = `.${escapeToken(change.dataplane)}`;
    const dataplane = this.seen.dataplane.find((seen) => seen.subject.endsWith(dataplaneToken))?.at;
    const counts = (ingress: ZoneIngress | undefined): boolean => {
      const entry = ingress?.availableServices.find((s) => s.mesh === change.mesh && s.tags['kuma.io/service'] === change.service);
      return (entry?.instances ?? 0) === change.instances;
    };
    const zoneIngress = this.seen.zoneIngress.find((seen) => {
      const event = decodeZoneEvent(seen.data);
      return event.ok && event.value.type === ZoneEventTypes.ZoneIngressUpserted && counts(event.value.data.zoneIngress);
    })?.at;
    const global = this.seen.global.find((seen) => {
      const entry = decodeGlobalViewEntry(seen.data);
      return (
        entry.ok && entry.value.resource?.type === 'ZoneIngress' && entry.value.resource.zone === this.zone && counts(entry.value.resource)
      );
    })?.at;
    return { dataplane, zoneIngress, global };
  }

  async stop(): Promise<void> {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    await this.nc.close();
  }

  private follow(subject: string, into: Seen[]): void {
    this.subscriptions.push(
      this.nc.subscribe(subject, {
        callback: (error, msg) => {
          if (error === null) into.push({ at: performance.now(), subject: msg.subject, data: msg.data });
        },
      }),
    );
  }
}
