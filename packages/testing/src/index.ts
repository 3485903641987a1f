/**
 * @kumiko/testing — Real NATS and Postgres on loopback for tests, xDS test clients, fixtures.
 *
 * The package's public door: everything other packages may use is exported here by name.
 */
export {};
