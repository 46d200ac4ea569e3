import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { generateCorpus } from "../../bench/generate.ts";
import { readPhrasePools } from "../../bench/phrases.ts";
import { clauseIdsSent, sendStubReply, type StubRequest, stubRequest, toolCall } from "../helpers/openai-stub.ts";
import { startServerProcess } from "../helpers/server-process.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A chat-completions server that holds every request until released, then answers citing the first clause shown. */
async function gatedChatServer() {
  const pending: { req: StubRequest; res: ServerResponse }[] = [];
  const waiters: (() => void)[] = [];
  let released = false;
  const answer = ({ req, res }: { req: StubRequest; res: ServerResponse }) => {
    void sendStubReply(res, req, toolCall({ answer: "见所引条款。", citations: clauseIdsSent(req).slice(0, 1) }));
  };
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const entry = { req: stubRequest(req, res, JSON.parse(raw)), res };
    if (released) return answer(entry);
    pending.push(entry);
    for (const w of waiters.splice(0)) w();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    async waitForRequests(n: number) {
      while (pending.length < n) await new Promise<void>((r) => waiters.push(r));
    },
    release() {
      released = true;
      for (const entry of pending.splice(0)) answer(entry);
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** True when nothing accepts a TCP connection at the URL's port any more. */
function refuses(url: string): Promise<boolean> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

const post = (url: string, body: unknown) =>
  fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

// Real processes (tsx start, an index build, a 3.5 s wait): far slower than unit tests when the suite runs in parallel.
const PROCESS_TEST_MS = 90_000;

describe("the server process", () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  function workDir(corpus: (dir: string) => void) {
    const dir = mkdtempSync(join(tmpdir(), "policy-process-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    corpus(join(dir, "corpus"));
    return { dir, env: { CORPUS_DIR: join(dir, "corpus"), DATA_DIR: join(dir, "data") } };
  }
  const fixtureCorpus = (to: string) => cpSync(new URL("../fixtures/corpus", import.meta.url), to, { recursive: true });
  const start = (dir: string, env: Record<string, string>, script?: string) => {
    const server = startServerProcess(dir, env, script);
    cleanups.push(() => server.kill());
    return server;
  };

  it(
    "lets in-flight answers and streams finish after SIGTERM (LLM slower than 3 s), refusing new connections",
    async () => {
      const llm = await gatedChatServer();
      cleanups.push(() => llm.close());
      const { dir, env } = workDir(fixtureCorpus);
      const server = start(dir, { ...env, OPENAI_BASE_URL: llm.baseURL, CHAT_MODEL: "stub", LLM_TIMEOUT_MS: "15000" });
      const url = await server.url;
      await server.waitForLine(/"msg":"ready: /);
      // A new embedded database holds no curated answers, so ready need not wait for it; it comes up behind ready.
      await server.waitForLine(/embedded PGlite database ready/);

      const question = { message: "电子印章公共服务平台由哪个单位负责？" };
      const chat = post(`${url}/api/chat`, question);
      const stream = post(`${url}/api/chat/stream`, question).then((r) => r.text());
      const v1 = post(`${url}/v1/chat/completions`, { model: "policy-assistant", messages: [{ role: "user", content: question.message }] });
      // (awaited below; a failure on the way must not leave them unhandled)
      for (const pending of [chat, stream, v1]) pending.catch(() => {});
      await llm.waitForRequests(3);
      server.child.kill("SIGTERM");
      await server.waitForLine(/SIGTERM: stopping/);
      expect(await refuses(url)).toBe(true);
      await sleep(3500);
      llm.release();

      const chatRes = await chat;
      expect(chatRes.status).toBe(200);
      expect(chatRes.headers.get("connection")).toBe("close");
      expect(((await chatRes.json()) as { citations: unknown[] }).citations.length).toBeGreaterThan(0);
      expect(await stream).toMatch(/event: v1\.done/);
      const v1Res = await v1;
      expect(v1Res.status).toBe(200);
      expect(((await v1Res.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).not.toBe("");
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(server.lines.some((l) => /stopped cleanly/.test(l))).toBe(true);
    },
    PROCESS_TEST_MS,
  );

  it(
    "exits non-zero when the drain timeout has to cut an answer",
    async () => {
      const llm = await gatedChatServer();
      cleanups.push(() => llm.close());
      const { dir, env } = workDir(fixtureCorpus);
      const server = start(dir, {
        ...env,
        OPENAI_BASE_URL: llm.baseURL,
        CHAT_MODEL: "stub",
        LLM_TIMEOUT_MS: "15000",
        DRAIN_TIMEOUT_MS: "300",
      });
      const url = await server.url;
      await server.waitForLine(/"msg":"ready: /);
      // The embedded database may come up after ready: the drain timed below must not overlap its start-up.
      await server.waitForLine(/embedded PGlite database ready/);
      const chat = post(`${url}/api/chat`, { message: "电子印章公共服务平台由哪个单位负责？" }).then(
        (r) => r.status,
        (err: Error) => err.name,
      );
      await llm.waitForRequests(1);
      const stopped = Date.now();
      server.child.kill("SIGTERM");
      expect(await server.exited).toEqual({ code: 1, signal: null });
      expect(Date.now() - stopped).toBeLessThan(3000);
      expect(await chat).toBe("TypeError");
      expect(server.lines.some((l) => /"level":40.*drain timeout/.test(l))).toBe(true);
    },
    PROCESS_TEST_MS,
  );

  it(
    "rebuilds a truncated manifest at start instead of exiting, and reads settings from .env",
    async () => {
      const { dir, env } = workDir(fixtureCorpus);
      const first = start(dir, env);
      await first.waitForLine(/"msg":"ready: /);
      first.child.kill("SIGTERM");
      expect((await first.exited).code).toBe(0);
      const manifest = join(env.DATA_DIR, "index", "manifest.json");
      truncateSync(manifest, Math.floor(readFileSync(manifest).byteLength / 3));
      writeFileSync(join(dir, ".env"), "RATE_LIMIT_PER_MINUTE=77\n# a comment\n");

      const second = start(dir, env);
      const url = await second.url;
      await second.waitForLine(/"msg":"ready: /);
      expect(second.lines.find((l) => /manifest\.json unreadable/.test(l))).toMatch(
        /"level":30.*building index: manifest\.json unreadable/,
      );
      const res = await fetch(`${url}/api/chat`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: '{"message":"电子印章"}',
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-policy")).toBe('"public";q=77;w=60');
      second.child.kill("SIGTERM");
      expect((await second.exited).code).toBe(0);
    },
    PROCESS_TEST_MS,
  );

  it(
    "runs as compiled JavaScript (npm start): builds, serves answers and the web pages, stops cleanly",
    async () => {
      const { dir, env } = workDir(fixtureCorpus);
      const out = join(dir, "dist");
      // The bundles keep their dependencies external: they resolve from node_modules beside them.
      symlinkSync(fileURLToPath(new URL("../../node_modules", import.meta.url)), join(dir, "node_modules"));
      execFileSync(process.execPath, [fileURLToPath(new URL("../../scripts/build.mjs", import.meta.url)), out], {
        cwd: fileURLToPath(new URL("../..", import.meta.url)),
      });
      const server = start(dir, env, join(out, "server", "main.js"));
      const url = await server.url;
      await server.waitForLine(/"msg":"ready: /);
      const chat = await post(`${url}/api/chat`, { message: "电子印章公共服务平台由哪个单位负责？" });
      expect(((await chat.json()) as { citations: { id: string }[] }).citations[0]!.id).toBe("anting-2024:2");
      expect((await fetch(`${url}/console`)).status).toBe(200);
      expect((await fetch(`${url}/widget.js`)).status).toBe(200);
      server.child.kill("SIGTERM");
      expect(await server.exited).toEqual({ code: 0, signal: null });
    },
    PROCESS_TEST_MS,
  );

  describe("during a long index build", () => {
    // 30 synthetic plans: a build of several seconds of CPU, as a real corpus of a few MB takes.
    const synthetic = (to: string) => generateCorpus(readPhrasePools("corpus"), to, { plans: 30, seed: 7 });

    it("answers /readyz and the answering routes with 503 and Retry-After, then becomes ready", async () => {
      const { dir, env } = workDir(synthetic);
      const server = start(dir, env);
      const url = await server.url;
      await server.waitForLine(/building index: no index built yet/);
      const polls: { status: number; retryAfter: string | null; ms: number }[] = [];
      let ready = false;
      const deadline = Date.now() + 90_000;
      while (!ready && Date.now() < deadline) {
        const started = Date.now();
        const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
        polls.push({ status: res.status, retryAfter: res.headers.get("retry-after"), ms: Date.now() - started });
        await res.body?.cancel();
        ready = res.status === 200;
        if (polls.length === 3) {
          const chat = await post(`${url}/api/chat`, { message: "电子印章" });
          expect(chat.status).toBe(503);
          expect(chat.headers.get("retry-after")).toBe("5");
          expect(((await chat.json()) as { error: { code: string } }).error.code).toBe("not_ready");
        }
        if (!ready) await sleep(100);
      }
      expect(ready).toBe(true);
      const loading = polls.filter((p) => p.status === 503);
      expect(loading.length).toBeGreaterThanOrEqual(3);
      expect(loading.every((p) => p.retryAfter === "5")).toBe(true);
      // The port answers during the build rather than queueing behind it.
      expect(Math.max(...polls.map((p) => p.ms))).toBeLessThan(1000);
    }, 120_000);

    it("stops the build promptly on SIGTERM and leaves no index behind", async () => {
      const { dir, env } = workDir(synthetic);
      const server = start(dir, env);
      const url = await server.url;
      await server.waitForLine(/building index: no index built yet/);
      await sleep(500);
      expect((await fetch(`${url}/readyz`)).status).toBe(503);
      const stopped = Date.now();
      server.child.kill("SIGTERM");
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(Date.now() - stopped).toBeLessThan(1500);
      expect(server.lines.some((l) => /"msg":"ready: /.test(l))).toBe(false);
      expect(existsSync(join(env.DATA_DIR, "index", "manifest.json"))).toBe(false);
    }, 60_000);
  });
});
