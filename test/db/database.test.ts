import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrator } from "../../src/db/migrations.ts";
import { type DatabaseHandle, openDatabase } from "../../src/db/open.ts";
import { POSTGRES_BIN, type PostgresServer, startPostgres } from "../helpers/postgres.ts";

/** The same migrations and queries on both engines. */
function engineSuite(name: string, open: () => Promise<DatabaseHandle>, done: () => Promise<void> = async () => {}) {
  describe(name, () => {
    let h: DatabaseHandle;
    beforeAll(async () => {
      h = await open();
      await h.ready();
    });
    afterAll(async () => {
      await h?.close();
      await done();
    });

    it("migrates to the latest schema once, and again is a no-op", async () => {
      const migrations = await migrator(h.db as never).getMigrations();
      expect(migrations.map((m) => [m.name, !!m.executedAt])).toEqual([
        ["001_question_log", true],
        ["002_curated_answers", true],
        ["003_rate_limits", true],
      ]);
      await h.ready();
      const again = await migrator(h.db as never).migrateToLatest();
      expect(again.results).toEqual([]);
    });

    it("writes and reads typed rows with jsonb and timestamps", async () => {
      await h.db
        .insertInto("questions")
        .values({
          id: "q1",
          channel: "widget",
          district: "安亭区",
          lang: "zh",
          status: "answered",
          mode: "extractive",
          question: "电子印章",
          question_key: "电子印章",
          citations: JSON.stringify(["anting-2024:2"]),
          confidence: 0.5,
          latency_ms: 12,
          fallback: null,
          curated_id: null,
          ip_hash: "abc",
          replica: "test",
        })
        .execute();
      const row = await h.db.selectFrom("questions").selectAll().where("id", "=", "q1").executeTakeFirstOrThrow();
      expect(row.citations).toEqual(["anting-2024:2"]);
      expect(row.asked_at).toBeInstanceOf(Date);
      const { numDeletedRows } = await h.db.deleteFrom("questions").where("id", "=", "q1").executeTakeFirstOrThrow();
      expect(numDeletedRows).toBe(1n);
    });

    it("rolls back a failed transaction", async () => {
      await expect(
        h.db.transaction().execute(async (tx) => {
          await tx.insertInto("settings").values({ name: "t", value: "1" }).execute();
          await sql`select 1/0`.execute(tx);
        }),
      ).rejects.toThrow(/division by zero/);
      const rows = await h.db.selectFrom("settings").selectAll().where("name", "=", "t").execute();
      expect(rows).toEqual([]);
    });

    it("serializes concurrent transactions", async () => {
      await h.db.insertInto("settings").values({ name: "n", value: "0" }).execute();
      await Promise.all(
        Array.from({ length: 10 }, () =>
          h.db.transaction().execute(async (tx) => {
            const { value } = await tx.selectFrom("settings").select("value").where("name", "=", "n").forUpdate().executeTakeFirstOrThrow();
            await tx
              .updateTable("settings")
              .set({ value: String(Number(value) + 1) })
              .where("name", "=", "n")
              .execute();
          }),
        ),
      );
      const { value } = await h.db.selectFrom("settings").select("value").where("name", "=", "n").executeTakeFirstOrThrow();
      expect(value).toBe("10");
    });
  });
}

engineSuite("PGlite (embedded)", async () => openDatabase({ dataDir: null }));

let server: PostgresServer | undefined;
describe.skipIf(!POSTGRES_BIN)("PostgreSQL server", () => {
  engineSuite(
    "pg",
    async () => {
      server = await startPostgres();
      return openDatabase({ url: await server.createDatabase("dbtest"), dataDir: null });
    },
    async () => server?.stop(),
  );
});

describe("a database that is down", () => {
  it("fails ready() with a clear error and tries again on the next call", async () => {
    const h = openDatabase({ url: "postgres://postgres@127.0.0.1:1/none", dataDir: null });
    await expect(h.ready()).rejects.toThrow(/migration|ECONNREFUSED|connect/i);
    await expect(h.ready()).rejects.toThrow();
    await h.close();
  });
});

describe("the embedded database directory", () => {
  it("is kept to one process: a live owner is refused with a clear error, a stale one taken over", async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { lockPgliteDir } = await import("../../src/db/open.ts");
    const dir = mkdtempSync(join(tmpdir(), "policy-lock-"));
    try {
      // PID 1 is always alive: another process owns the directory.
      writeFileSync(join(dir, "owner.pid"), "1");
      expect(() => lockPgliteDir(dir)).toThrow(/in use by process 1; give each server its own DATA_DIR, or set DATABASE_URL/);
      // A pid that no longer runs is a leftover of a crash.
      writeFileSync(join(dir, "owner.pid"), "2147483646");
      const release = lockPgliteDir(dir);
      expect(() => lockPgliteDir(join(dir))).not.toThrow(); // the same process may reopen it
      release();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
