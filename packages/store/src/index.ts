/**
 * @kumiko/store — Postgres schema, migrations, projector, checkpoint, outbox, queries.
 *
 * The package's public door: everything other packages may use is exported here by name.
 */
export {};
