/**
 * @kumiko/xds — Envoy resource generators, snapshots, per-node cache, ADS server.
 *
 * The package's public door: everything other packages may use is exported here by name.
 */
export {};
