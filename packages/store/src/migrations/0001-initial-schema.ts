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
      spec jsonb NOT NULL,
      labels jsonb NOT NULL DEFAULT '{}',
      version bigint NOT NULL,
      source_seq bigint NOT NULL DEFAULT 0,
      creation_time timestamptz NOT NULL,
      modification_time timestamptz NOT NULL,
      PRIMARY KEY (type, mesh, name)
    );
    CREATE INDEX resources_zone_idx ON resources (zone, type);
    CREATE INDEX resources_labels_idx ON resources USING gin (labels jsonb_path_ops);
    CREATE TABLE dataplane_tags (
      type text NOT NULL DEFAULT 'Dataplane' CHECK (type = 'Dataplane'),
      mesh text NOT NULL,
      name text NOT NULL,
      tag_set integer NOT NULL,
      key text NOT NULL,
      value text NOT NULL,
      FOREIGN KEY (type, mesh, name) REFERENCES resources (type, mesh, name) ON DELETE CASCADE
    );
    CREATE INDEX dataplane_tags_lookup_idx ON dataplane_tags (mesh, key, value);
    CREATE INDEX dataplane_tags_owner_idx ON dataplane_tags (mesh, name);
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
