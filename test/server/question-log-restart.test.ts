import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createAssistant } from "../../src/answer/assistant.ts";
import { loadConfig } from "../../src/config.ts";
import { startEmbeddedDatabase } from "../../src/db/open.ts";
import { openQuestionLogService, type QuestionLogService } from "../../src/server/question-log.ts";
import { useFixtureIndex } from "../helpers/fixture.ts";

/**
 * The embedded database across restarts, as `npm start` runs it (PGlite on disk in its own thread, started
 * before the index loads): the curated answers are known before PGlite is up, and nothing written before
 * it is up is lost.
 */
const index = useFixtureIndex();
const QUESTION = "安亭区的电子印章平台谁来建设？";
const CURATED = "由区科学技术委员会建设区电子印章公共服务平台。";
// Each start of an on-disk PGlite takes seconds on a busy machine; a test here starts three or four.
const RESTART_TEST_MS = 120_000;

describe("the embedded database across restarts", () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  function dataDir(): string {
    const dir = mkdtempSync(join(tmpdir(), "policy-restart-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  }
  /** A service as `npm start` opens it: the embedded database started first, the service on top of it. */
  function open(dir: string): QuestionLogService {
    const config = loadConfig({ DATA_DIR: dir, CURATED_REFRESH_MS: "200" });
    const service = openQuestionLogService(config, { embedded: startEmbeddedDatabase(dir) });
    let closed = false;
    cleanups.push(() => (closed ? undefined : service.close()));
    const close = service.close.bind(service);
    service.close = () => {
      closed = true;
      return close();
    };
    return service;
  }
  const ask = (service: QuestionLogService) => service.wrap(createAssistant(index())).ask({ message: QUESTION });
  const snapshot = (dir: string) => join(dir, "db", "curated.json");

  it(
    "knows the curated answers before the database is up after a restart, and answers as it will once it is up",
    async () => {
      const dir = dataDir();
      const first = open(dir);
      // A new database holds no curated answers: known at once.
      await first.curatedKnown();
      expect(first.databaseState()).toBe("starting");
      await first.start();
      const { id } = await first.curated.create(
        { pattern: QUESTION, match: "exact", answer: CURATED, citations: ["anting-2024:2"] },
        index(),
      );
      const served = await ask(first);
      expect(served).toMatchObject({ mode: "curated", answer: CURATED });
      await first.close();
      expect(existsSync(snapshot(dir))).toBe(true);

      const second = open(dir);
      await second.curatedKnown();
      expect(second.databaseState()).toBe("starting");
      const early = await ask(second);
      await second.start();
      expect(second.databaseState()).toBe("ready");
      const late = await ask(second);
      const { answerId: _a, ...earlyAnswer } = early;
      const { answerId: _b, ...lateAnswer } = late;
      const { answerId: _c, ...servedAnswer } = served;
      expect(earlyAnswer).toEqual(servedAnswer);
      expect(lateAnswer).toEqual(earlyAnswer);

      // A withdrawal is saved too: the next start serves the plain answer before its database is up.
      await second.curated.withdraw(id);
      await second.close();
      const third = open(dir);
      await third.curatedKnown();
      expect(third.databaseState()).toBe("starting");
      expect(third.curated.inForce).toEqual([]);
      expect((await ask(third)).mode).not.toBe("curated");
    },
    RESTART_TEST_MS,
  );

  it(
    "waits for the database when the saved copy is missing or unreadable (a change that did not finish)",
    async () => {
      const dir = dataDir();
      const first = open(dir);
      await first.start();
      await first.curated.create({ pattern: QUESTION, match: "exact", answer: CURATED, citations: ["anting-2024:2"] }, index());
      await first.close();

      for (const damage of [() => rmSync(snapshot(dir)), () => writeFileSync(snapshot(dir), '{"version":1,"entries":[{"id":')]) {
        damage();
        const next = open(dir);
        expect(next.curated.inForce).toEqual([]);
        await next.curatedKnown();
        // Known only from the database: it is up, and the answer is the curated one.
        expect(next.databaseState()).toBe("ready");
        expect((await ask(next)).mode).toBe("curated");
        await next.close();
      }
    },
    RESTART_TEST_MS,
  );

  it(
    "writes the answers given before the database was up, even when the server stops before it is",
    async () => {
      const dir = dataDir();
      const first = open(dir);
      await first.start();
      await first.close();

      const second = open(dir);
      await second.curatedKnown();
      expect(second.databaseState()).toBe("starting");
      const answer = await ask(second);
      expect(second.log.queue.depth).toBe(1);
      await second.close();

      const third = open(dir);
      await third.start();
      const row = await third.database.db
        .selectFrom("questions")
        .select(["id", "question"])
        .where("id", "=", answer.answerId!)
        .executeTakeFirst();
      expect(row).toEqual({ id: answer.answerId, question: QUESTION });
    },
    RESTART_TEST_MS,
  );
});
