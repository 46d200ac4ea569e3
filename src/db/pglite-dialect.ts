import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from "kysely";
import type { PGliteLike as PGlite } from "./pglite-thread.ts";

/**
 * A Kysely dialect over PGlite's query API. PGlite is one connection, so the driver hands it out to one
 * holder at a time (a transaction's statements must not interleave with another caller's). The published
 * kysely-pglite packages either pin PGlite below 0.5 or pull in a code generator and a CLI; this is the
 * few lines we need.
 */
class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pg: PGlite) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const r = await this.pg.query<R>(compiled.sql, compiled.parameters as unknown[]);
    const command = r.command;
    const changes = command === "INSERT" || command === "UPDATE" || command === "DELETE" || command === "MERGE";
    return { rows: r.rows, ...(changes ? { numAffectedRows: BigInt(r.affectedRows ?? 0) } : {}) };
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered by PGlite; Kysely requires the method.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("PGlite does not support streaming queries");
  }
}

class PGliteDriver implements Driver {
  private pg!: PGlite;
  private connection!: PGliteConnection;
  private queue: Promise<void> = Promise.resolve();
  private release: (() => void) | null = null;

  constructor(private readonly open: () => PGlite) {}

  /** Kysely calls this on the first query: PGlite starts (and on a new directory, initializes) only then. */
  async init(): Promise<void> {
    this.pg = this.open();
    this.connection = new PGliteConnection(this.pg);
    await this.pg.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.release = release;
    return this.connection;
  }

  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const mode = [settings.isolationLevel && `isolation level ${settings.isolationLevel}`, settings.accessMode].filter(Boolean).join(" ");
    await conn.executeQuery(CompiledQuery.raw(mode ? `start transaction ${mode}` : "begin"));
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw("rollback"));
  }

  async releaseConnection(): Promise<void> {
    const release = this.release;
    this.release = null;
    release?.();
  }

  async destroy(): Promise<void> {
    await this.queue;
    if (this.pg && !this.pg.closed) await this.pg.close();
  }
}

export class PGliteDialect implements Dialect {
  /** `open` makes the PGlite instance when the first query needs it. */
  constructor(private readonly open: () => PGlite) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver() {
    return new PGliteDriver(this.open);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Parameters<Dialect["createIntrospector"]>[0]) {
    return new PostgresIntrospector(db);
  }
}
