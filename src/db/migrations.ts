import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from "kysely";

/**
 * The schema's history, applied in order by Kysely's Migrator (recorded in kysely_migration, guarded by its
 * lock so replicas starting together migrate once). Never edit a migration that has shipped: add one.
 */
const MIGRATIONS: Record<string, Migration> = {
  "001_question_log": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("questions")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("asked_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("district", "text")
        .addColumn("lang", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("mode", "text", (c) => c.notNull())
        .addColumn("question", "text", (c) => c.notNull())
        .addColumn("question_key", "text", (c) => c.notNull())
        .addColumn("citations", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
        .addColumn("confidence", "real")
        .addColumn("latency_ms", "integer", (c) => c.notNull())
        .addColumn("fallback", "text")
        .addColumn("curated_id", "integer")
        .addColumn("ip_hash", "text")
        .addColumn("replica", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("questions_asked_at").on("questions").column("asked_at").execute();
      await db.schema.createIndex("questions_key").on("questions").column("question_key").execute();

      await db.schema
        .createTable("feedback")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("answer_id", "text", (c) => c.notNull())
        .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn("rating", "text", (c) => c.notNull().check(sql`rating in ('up', 'down')`))
        .addColumn("comment", "text")
        .addColumn("clause_id", "text")
        .addColumn("channel", "text")
        .addColumn("resolved_curated_id", "integer")
        .execute();
      await db.schema.createIndex("feedback_answer").on("feedback").column("answer_id").execute();
      await db.schema.createIndex("feedback_created_at").on("feedback").column("created_at").execute();

      await db.schema
        .createTable("settings")
        .addColumn("name", "text", (c) => c.primaryKey())
        .addColumn("value", "text", (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const t of ["settings", "feedback", "questions"]) await db.schema.dropTable(t).execute();
    },
  },
  "002_curated_answers": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("curated_answers")
        .addColumn("id", "serial", (c) => c.primaryKey())
        .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn("withdrawn_at", "timestamptz")
        .addColumn("version", "integer", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("curated_versions")
        .addColumn("curated_id", "integer", (c) => c.notNull().references("curated_answers.id").onDelete("cascade"))
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn("pattern", "text", (c) => c.notNull())
        .addColumn("pattern_key", "text", (c) => c.notNull())
        .addColumn("match", "text", (c) => c.notNull().check(sql`match in ('exact', 'contains')`))
        .addColumn("district", "text")
        .addColumn("lang", "text", (c) => c.notNull())
        .addColumn("answer", "text", (c) => c.notNull())
        .addColumn("citations", "jsonb", (c) => c.notNull())
        .addColumn("source_question_id", "text")
        .addColumn("note", "text")
        .addPrimaryKeyConstraint("curated_versions_pk", ["curated_id", "version"])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("curated_versions").execute();
      await db.schema.dropTable("curated_answers").execute();
    },
  },
  /** rate-limiter-flexible's RateLimiterPostgres table (its own layout), shared by replicas on one server. */
  "003_rate_limits": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("rate_limits")
        .addColumn("key", "varchar(255)", (c) => c.primaryKey())
        .addColumn("points", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("expire", "bigint")
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("rate_limits").execute();
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export function migrator(db: Kysely<unknown>): Migrator {
  return new Migrator({ db, provider });
}

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName;
    throw new Error(`database migration ${failed ?? ""} failed: ${(error as Error).message ?? error}`);
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
