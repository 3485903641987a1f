import { sql, type Kysely } from 'kysely';

/**
 * What the REST API reads need on top of the projection:
 *
 * - `resources_listing_idx`: lists are sorted by (mesh, name) bytewise, as Kuma sorts them in Go, whatever the
 *   database's default collation; equality on `mesh COLLATE "C"` uses the same index.
 * - `resources_dataplane_seq_idx`: Dataplanes and their insights changed after a given ZONES sequence, which is
 *   how the global CP's in-memory dataplane facts catch up with the projection.
 * - `resource_deletions`: deleted Dataplanes and insights (also those removed by a zone's cascade), filled by a
 *   statement trigger so that the same catch-up sees deletions; rows are pruned by the reader after an hour.
 * - `control_plane_markers`: one-time start-up actions already done (the default mesh is created once, at the
 *   first start, and stays deleted if an operator deletes it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX resources_listing_idx ON resources (type, mesh COLLATE "C", name COLLATE "C");
    CREATE INDEX resources_dataplane_seq_idx ON resources (source_seq) WHERE type IN ('Dataplane', 'DataplaneInsight');
    CREATE TABLE resource_deletions (
      id bigserial PRIMARY KEY,
      type text NOT NULL,
      mesh text NOT NULL,
      name text NOT NULL,
      deleted_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE FUNCTION kumiko_record_resource_deletions() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO resource_deletions (type, mesh, name)
      SELECT type, mesh, name FROM deleted_rows WHERE type IN ('Dataplane', 'DataplaneInsight');
      RETURN NULL;
    END $$;
    CREATE TRIGGER resources_record_deletions AFTER DELETE ON resources
      REFERENCING OLD TABLE AS deleted_rows FOR EACH STATEMENT EXECUTE FUNCTION kumiko_record_resource_deletions();
    CREATE TABLE control_plane_markers (
      name text PRIMARY KEY,
      created_at timestamptz NOT NULL DEFAULT now()
    );
  `.execute(db);
}
