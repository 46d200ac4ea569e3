import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { migrateToLatest } from "./migrations.ts";
import { PGliteDialect } from "./pglite-dialect.ts";
import type { Database } from "./schema.ts";

export interface DatabaseOptions {
  /** A PostgreSQL server (postgres://…); the embedded PGlite database is used when unset. */
  url?: string;
  /** Where PGlite keeps its files (DATA_DIR/db); `null` keeps it in memory (tests). */
  dataDir: string | null;
  onError?: (err: Error) => void;
}

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: "pglite" | "postgres";
  /** The server connection pool (PostgreSQL only), shared with the rate limiter's store. */
  pool: pg.Pool | null;
  /** Resolves once the schema is migrated; after a failure the next call tries again. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export function pgliteDir(dataDir: string): string {
  return join(dataDir, "db");
}

/**
 * Opens the database without waiting for it: the server starts serving answers even when the database is
 * down, and everything that writes or reads goes through ready().
 */
export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  let pool: pg.Pool | null = null;
  let db: Kysely<Database>;
  if (options.url) {
    pool = new pg.Pool({ connectionString: options.url, max: 5, connectionTimeoutMillis: 3000, idleTimeoutMillis: 30000 });
    // An idle client that loses its server emits on the pool; unhandled, that would end the process.
    pool.on("error", (err) => options.onError?.(err));
    // So does a checked-out client whose server goes away (pg emits on the client, which has no listener).
    pool.on("connect", (client) => client.on("error", (err) => options.onError?.(err)));
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    const pglite = options.dataDir ? new PGlite(pgliteDir(options.dataDir)) : new PGlite();
    db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  }
  let migrated: Promise<void> | null = null;
  return {
    db,
    kind: options.url ? "postgres" : "pglite",
    pool,
    ready() {
      migrated ??= migrateToLatest(db as Kysely<unknown>).then(
        () => undefined,
        (err) => {
          migrated = null;
          throw err;
        },
      );
      return migrated;
    },
    async close() {
      await db.destroy();
    },
  };
}
