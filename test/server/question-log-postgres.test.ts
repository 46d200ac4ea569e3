import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Answer } from "../../src/answer/schema.ts";
import { buildIndex, type PolicyIndex } from "../../src/index/store.ts";
import { tempCorpus } from "../helpers.ts";
import { POSTGRES_BIN, type PostgresServer, startPostgres } from "../helpers/postgres.ts";
import { ADMIN_TOKEN, admin, allStoredText, postJson, questionLogServer } from "../helpers/question-log.ts";
import { type ServerProcess, startServerProcess } from "../helpers/spawn-server.ts";
import pgClient from "pg";

/** Everything here runs against a real PostgreSQL server started for this file (Debian's package). */
let pg: PostgresServer;
let index: PolicyIndex;
let cleanup: () => void;
/** The fixture corpus and its index, built once here and only loaded by the server processes. */
let corpusDir: string;
let dataDir: string;

beforeAll(async () => {
  if (!POSTGRES_BIN) return;
  pg = await startPostgres();
  const t = tempCorpus();
  cleanup = t.cleanup;
  ({ index } = await buildIndex(t.config));
  corpusDir = t.corpusDir;
  dataDir = t.config.dataDir;
});
afterAll(async () => {
  await pg?.stop();
  cleanup?.();
});

/** A distinct client address per request (the servers trust X-Forwarded-For from loopback), so only the rate-limit test meets the limit. */
let clients = 0;
const client = () => ({ "X-Forwarded-For": `198.51.100.${(clients++ % 250) + 1}` });

describe.skipIf(!POSTGRES_BIN)("on a PostgreSQL server", () => {
  it("stores no raw personal data in any table", async () => {
    const s = await questionLogServer(index, { DATABASE_URL: await pg.createDatabase("pii") });
    try {
      const res = await postJson(`${s.url}/api/chat`, {
        message: "我叫王小红，电话13912345678，身份证11010519491231002X，邮箱wang@example.org，企业注销怎么办？",
      });
      const a = Answer.parse(await res.json());
      await postJson(`${s.url}/api/feedback`, { answerId: a.answerId, rating: "down", comment: "联系人：王小红 13912345678" });
      expect(await s.service.log.drain(5000)).toBe(true);
      const stored = await allStoredText(s.service);
      expect(stored).toContain(a.answerId);
      for (const secret of ["王小红", "13912345678", "11010519491231002X", "wang@example.org", "127.0.0.1"])
        expect(stored).not.toContain(secret);
      // Retention's SQL on the server: a row 200 days old goes, today's stay.
      await s.service.database.db
        .updateTable("questions")
        .set({ asked_at: new Date(Date.now() - 200 * 86_400_000) } as never)
        .where("id", "=", a.answerId!)
        .execute();
      expect(await s.service.log.prune(180)).toEqual({ questions: 1, feedback: 0 });
    } finally {
      await s.close();
    }
  });

  it("serves answers while the database is down, queues the writes and writes them when it is back", async () => {
    const s = await questionLogServer(index, { DATABASE_URL: await pg.createDatabase("outage") });
    try {
      await s.service.database.ready();
      pg.pause();
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const started = Date.now();
        const res = await postJson(`${s.url}/api/chat`, { message: "电子印章平台由哪个部门负责？" }, client());
        expect(res.status).toBe(200);
        const a = Answer.parse(await res.json());
        expect(a.status).toBe("answered");
        ids.push(a.answerId!);
        expect(Date.now() - started).toBeLessThan(2500);
      }
      // Feedback waits in the queue too.
      expect((await postJson(`${s.url}/api/feedback`, { answerId: ids[0], rating: "up" }, client())).status).toBe(201);
      await new Promise((r) => setTimeout(r, 300));
      const metrics = await (await fetch(`${s.url}/metrics`)).text();
      expect(metrics).toMatch(/question_log_queue_depth [1-9]/);
      expect(metrics).toMatch(/question_log_database_up 0/);
      expect(metrics).toMatch(/question_log_write_failures_total [1-9]/);
      const report = await fetch(`${s.url}/api/admin/report`, { headers: { ...admin, ...client() } });
      expect(report.status).toBe(503);
      expect((await report.json()).error.code).toBe("database_unavailable");

      pg.resume();
      expect(await s.service.log.drain(15_000)).toBe(true);
      const rows = await s.service.database.db.selectFrom("questions").select("id").where("id", "in", ids).execute();
      expect(rows).toHaveLength(3);
      expect(await (await fetch(`${s.url}/metrics`)).text()).toMatch(/question_log_database_up 1/);
    } finally {
      await s.close();
    }
  }, 40_000);

  describe("two server processes sharing one database", () => {
    let a: ServerProcess;
    let b: ServerProcess;
    const LIMIT = 5;
    let databaseUrl = "";

    beforeAll(async () => {
      if (!POSTGRES_BIN) return;
      const env = {
        CORPUS_DIR: corpusDir,
        // One index on disk, already built: both processes only load it (with DATABASE_URL nothing else lives there).
        DATA_DIR: dataDir,
        DATABASE_URL: (databaseUrl = await pg.createDatabase("replicas")),
        ADMIN_TOKEN,
        CURATED_REFRESH_MS: "500",
        RATE_LIMIT_PER_MINUTE: String(LIMIT),
        // The tests tell clients apart by X-Forwarded-For from loopback (where the server trusts a proxy).
        TRUST_PROXY: "loopback",
        // On a loaded machine a first query can take longer than the default 500 ms, after which each
        // replica would count in memory; this test is about the sharing (the hung-database test covers the fallback).
        RATE_LIMIT_STORE_TIMEOUT_MS: "10000",
      };
      [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
      // The shared limit's table comes from the migrations, which may still run after "ready" on a busy
      // machine; until then each replica counts in memory (the outage fallback). This test is about sharing.
      const db = new pgClient.Client({ connectionString: env.DATABASE_URL });
      await db.connect();
      try {
        const deadline = Date.now() + 60_000;
        while (!(await db.query("SELECT to_regclass('rate_limits') AS t")).rows[0].t && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 100));
        expect((await db.query("SELECT to_regclass('rate_limits') AS t")).rows[0].t).toBe("rate_limits");
      } finally {
        await db.end();
      }
    }, 150_000);
    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
    });

    let asked = 0;
    const ask = async (server: ServerProcess, message: string) => {
      const res = await postJson(`${server.url}/api/chat`, { message }, client());
      expect(res.status).toBe(200);
      asked++;
      return Answer.parse(await res.json());
    };

    it("hold one rate limit between them", async () => {
      const one = { "X-Forwarded-For": "203.0.113.7" };
      const statuses: [string, number][] = [];
      for (let i = 0; i < 8; i++) {
        const server = i % 2 ? b : a;
        const res = await postJson(`${server.url}/api/chat`, { message: "企业注销要多久？" }, one);
        statuses.push([i % 2 ? "b" : "a", res.status]);
      }
      asked += LIMIT; // the answered ones are logged
      expect(statuses.filter(([, s]) => s === 200)).toHaveLength(LIMIT);
      expect(statuses.slice(LIMIT).map(([, s]) => s)).toEqual([429, 429, 429]);
      // Each replica alone saw at most four requests, under the limit: only a shared count refuses.
      expect(new Set(statuses.filter(([, s]) => s === 429).map(([r]) => r))).toEqual(new Set(["a", "b"]));
      // The shared table counts clients under the salted address hash, never the address itself.
      const db = new pgClient.Client({ connectionString: databaseUrl });
      await db.connect();
      try {
        const keys = (await db.query("SELECT key FROM rate_limits")).rows.map((r: { key: string }) => r.key);
        expect(keys.length).toBeGreaterThan(0);
        expect(keys.filter((k) => /\d+\.\d+\.\d+\.\d+/.test(k))).toEqual([]);
      } finally {
        await db.end();
      }
    });

    it("use a curated answer added through one within seconds on the other", async () => {
      const question = "外籍人才工作许可多久能办好？";
      expect((await ask(b, question)).mode).not.toBe("curated");
      const res = await postJson(
        `${a.url}/api/admin/curated`,
        {
          pattern: question,
          answer: "江湾区为外籍人才开设绿色通道，审批时限压缩至5个工作日。",
          citations: [[...index.clauses.values()].find((c) => c.text.includes("外籍人才"))!.id],
        },
        { ...admin, ...client() },
      );
      expect(res.status).toBe(201);
      const started = Date.now();
      let mode = "";
      while (Date.now() - started < 8000) {
        mode = (await ask(b, question)).mode;
        if (mode === "curated") break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(mode).toBe("curated");
      // CURATED_REFRESH_MS is 500; "within seconds" with room for a loaded machine.
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it("are counted together in the report", async () => {
      await ask(a, "企业注销要多久？");
      await ask(b, "杭州的人才政策是什么？");
      let report: { questions: number; byReplica: { replica: string; questions: number }[]; refused: number } | null = null;
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline) {
        report = await (await fetch(`${b.url}/api/admin/report`, { headers: { ...admin, ...client() } })).json();
        if (report!.questions === asked) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(report!.questions).toBe(asked);
      expect(report!.byReplica).toHaveLength(2);
      expect(report!.byReplica.reduce((t, r) => t + r.questions, 0)).toBe(asked);
      expect(report!.refused).toBeGreaterThanOrEqual(1);
    });
  });
});
