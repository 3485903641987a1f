/**
 * @kumiko/bus — JetStream adapters: provisioning, idempotent publish with concurrency, durable batch consume.
 *
 * The package's public door: everything other packages may use is exported here by name.
 */
export {};
