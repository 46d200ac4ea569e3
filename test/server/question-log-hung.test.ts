import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssistant } from "../../src/answer/assistant.ts";
import { Answer } from "../../src/answer/schema.ts";
import type { PolicyIndex } from "../../src/index/store.ts";
import { fixtureIndex } from "../helpers/fixture.ts";
import { type LogServer, postJson, questionLogServer } from "../helpers/question-log.ts";

/** A "database" that accepts connections and never answers: the worst kind of outage for a request path. */
let hung: Server;
const sockets: Socket[] = [];
let index: PolicyIndex;
let cleanup: () => void;
let s: LogServer;

beforeAll(async () => {
  hung = createServer((socket) => sockets.push(socket));
  await new Promise<void>((r) => hung.listen(0, "127.0.0.1", () => r()));
  const { port } = hung.address() as { port: number };
  ({ index, cleanup } = await fixtureIndex());
  // The answer path's tables are built on a first question (seconds on a loaded machine); built here, so the
  // timing below is what the hung database adds, not a cold start.
  await createAssistant(index).ask({ message: "企业注销办理时间是多久？" });
  s = await questionLogServer(index, { DATABASE_URL: `postgres://nobody@127.0.0.1:${port}/none` });
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await s?.close();
  hung?.close();
  cleanup?.();
});

describe("a database that hangs", () => {
  it("never holds an answer: the rate limit falls back to memory and the writes wait in the queue", async () => {
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      const res = await postJson(`${s.url}/api/chat`, { message: "企业注销办理时间是多久？" });
      expect(res.status).toBe(200);
      expect(Answer.parse(await res.json()).status).toBe("answered");
      // The limiter waits at most 500 ms for the database; the answer never waits for it.
      expect(Date.now() - started).toBeLessThan(2000);
    }
    expect(s.service.log.queue.depth).toBeGreaterThan(0);
    const text = await (await fetch(`${s.url}/metrics`)).text();
    expect(text).toMatch(/question_log_queue_depth [1-9]/);
  });
});
