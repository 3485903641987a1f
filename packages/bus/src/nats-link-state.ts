import { Events, type NatsConnection } from 'nats';

/**
 * Whether a NATS connection is currently up, as its status events tell: down from a `disconnect`
 * until the next `reconnect`, and for good once closed. Cheap to read on every request, so a
 * writer can refuse at once while the bus is away instead of waiting for a publish to time out.
 */
export class NatsLinkState {
  private up = true;
  private downSince: number | undefined;

  constructor(private readonly nc: NatsConnection) {
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === Events.Disconnect) {
          this.up = false;
          this.downSince ??= Date.now();
        } else if (status.type === Events.Reconnect) {
          this.up = true;
          this.downSince = undefined;
        }
      }
    })();
  }

  connected(): boolean {
    return this.up && !this.nc.isClosed();
  }

  /** How long the connection has been down (0 while it is up). */
  downForMs(now: number = Date.now()): number {
    return this.connected() || this.downSince === undefined ? 0 : now - this.downSince;
  }
}
