import { sql, type Kysely } from 'kysely';

/** Tables for the projection of zone events, the outbox and the checkpoint. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE zones (
      name text PRIMARY KEY,
      enabled boolean,
      labels jsonb NOT NULL DEFAULT '{}',
      version bigint NOT NULL DEFAULT 1,
      creation_time timestamptz NOT NULL,
      modification_time timestamptz NOT NULL
    );
    CREATE TABLE zone_insights (
      zone text PRIMARY KEY REFERENCES zones (name) ON DELETE CASCADE,
      subscriptions jsonb NOT NULL DEFAULT '[]',
      last_heartbeat_at timestamptz,
      modification_time timestamptz NOT NULL
    );
    CREATE TABLE resources (
      type text NOT NULL,
      mesh text NOT NULL,
      name text NOT NULL,
      display_name text NOT NULL,
      zone text REFERENCES zones (name) ON DELETE CASCADE,
      spec json NOT NULL,
      labels jsonb NOT NULL DEFAULT '{}',
      tag_sets jsonb,
      version bigint NOT NULL,
      source_seq bigint NOT NULL DEFAULT 0,
      creation_time timestamptz NOT NULL,
      modification_time timestamptz NOT NULL,
      PRIMARY KEY (type, mesh, name)
    );
    CREATE INDEX resources_zone_idx ON resources (zone, type);
    CREATE INDEX resources_labels_idx ON resources USING gin (labels jsonb_path_ops);
    CREATE INDEX resources_tag_sets_idx ON resources USING gin (tag_sets jsonb_path_ops) WHERE type = 'Dataplane';
    CREATE TABLE projection_checkpoints (
      name text PRIMARY KEY,
      stream_seq bigint NOT NULL,
      modification_time timestamptz NOT NULL
    );
    CREATE TABLE outbox (
      id bigserial PRIMARY KEY,
      kind text NOT NULL,
      name text NOT NULL,
      zone text,
      resource jsonb,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE projection_rejections (
      stream_seq bigint PRIMARY KEY,
      subject text NOT NULL,
      reason text NOT NULL,
      rejected_at timestamptz NOT NULL DEFAULT now()
    );
  `.execute(db);
}
