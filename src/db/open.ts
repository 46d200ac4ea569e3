import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Kysely, PostgresDialect } from "kysely";
import { ConfigError } from "../errors.ts";
import { createRequire } from "node:module";
import type pg from "pg";
import { migrateToLatest } from "./migrations.ts";
import { PGliteDialect } from "./pglite-dialect.ts";
import { type PGliteLike, PGliteThread } from "./pglite-thread.ts";
import type { Database } from "./schema.ts";

export interface DatabaseOptions {
  /** A PostgreSQL server (postgres://…); the embedded PGlite database is used when unset. */
  url?: string;
  /** Where PGlite keeps its files (DATA_DIR/db); `null` keeps it in memory (tests). */
  dataDir: string | null;
  onError?: (err: Error) => void;
  /** The embedded database already started (startEmbeddedDatabase), used instead of starting one on the first query. */
  embedded?: EmbeddedDatabase | null;
}

/** An embedded PGlite database started ahead of everything else, its directory locked. */
export interface EmbeddedDatabase {
  pglite: PGliteLike;
  unlock(): void;
  /** No database existed in the directory before this start (PGlite creates it): it holds nothing yet. */
  fresh: boolean;
}

/**
 * Locks DATA_DIR/db and starts PGlite in its worker thread at once: `npm start` calls this before it
 * imports the rest of the server, so PGlite's start-up (the longest part of a start) runs beside the
 * imports and the index load. Throws ConfigError when another process holds the directory.
 */
export function startEmbeddedDatabase(dataDir: string): EmbeddedDatabase {
  const dir = pgliteDir(dataDir);
  const unlock = lockPgliteDir(dir);
  const fresh = !pgliteExists(dataDir);
  return { pglite: new PGliteThread(dir), unlock, fresh };
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

/** Whether DATA_DIR/db holds a database (PostgreSQL's PG_VERSION is written first when one is created). */
export function pgliteExists(dataDir: string): boolean {
  return existsSync(join(pgliteDir(dataDir), "PG_VERSION"));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite is one process's database: a second process on the same directory would corrupt it. A pid file
 * keeps it to one; a stale one (its process gone) is taken over. Returns the release function.
 */
export function lockPgliteDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "owner.pid");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const owner = Number(readFileSync(file, "utf8").trim());
      if (owner && owner !== process.pid && alive(owner))
        throw new ConfigError(
          `the embedded database ${dir} is in use by process ${owner}; give each server its own DATA_DIR, or set DATABASE_URL to share a PostgreSQL server`,
        );
      rmSync(file, { force: true });
    }
  }
  throw new ConfigError(`cannot lock the embedded database ${dir}`);
}

/**
 * Opens the database without waiting for it: the server starts serving answers even when the database is
 * down, and everything that writes or reads goes through ready(). PGlite starts on the first query, in a
 * worker thread (src/db/pglite-thread.ts): its start-up (seconds of CPU on a busy machine, more on a new
 * directory) and its statements never hold the server's event loop.
 */
export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  let pool: pg.Pool | null = null;
  let db!: Kysely<Database>;
  if (options.url) {
    // Loaded only for a server: the embedded database's start (npm start's default) does without it.
    const { Pool } = createRequire(import.meta.url)("pg") as typeof pg;
    pool = new Pool({ connectionString: options.url, max: 5, connectionTimeoutMillis: 3000, idleTimeoutMillis: 30000 });
    // An idle client that loses its server emits on the pool; unhandled, that would end the process.
    pool.on("error", (err) => options.onError?.(err));
    // So does a checked-out client whose server goes away (pg emits on the client, which has no listener).
    pool.on("connect", (client) => client.on("error", (err) => options.onError?.(err)));
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  let unlock = () => {};
  if (!options.url && options.embedded) {
    const { pglite } = options.embedded;
    unlock = options.embedded.unlock;
    db = new Kysely<Database>({ dialect: new PGliteDialect(() => pglite) });
  } else if (!options.url) {
    if (options.dataDir) unlock = lockPgliteDir(pgliteDir(options.dataDir));
    const dir = options.dataDir ? pgliteDir(options.dataDir) : null;
    db = new Kysely<Database>({ dialect: new PGliteDialect(() => new PGliteThread(dir)) });
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
      unlock();
    },
  };
}
