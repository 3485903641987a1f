/**
 * @kumiko/global-cp — Global control plane: projector loop, outbox relay, global REST API, zone insights.
 *
 * The package's public door: everything other packages may use is exported here by name.
 */
export {};
