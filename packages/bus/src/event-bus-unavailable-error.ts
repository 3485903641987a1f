/** A write refused because the event bus (NATS JetStream) cannot be reached or did not confirm in time. */
export class EventBusUnavailableError extends Error {
  override readonly name = 'EventBusUnavailableError';
  readonly code = 'EVENT_BUS_UNAVAILABLE';
}
