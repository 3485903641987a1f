/** Kumiko's release version, reported by every CLI and by the REST index (`GET /`). */
export const KUMIKO_VERSION = '0.1.0';

/** The Kuma release whose data plane model and API Kumiko is compatible with. */
export const BASED_ON_KUMA = '2.13.10';
