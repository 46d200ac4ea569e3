import type { Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Assistant } from "../../src/answer/assistant.ts";
import type { Answer } from "../../src/answer/schema.ts";
import { loadConfig, parseTrustProxy } from "../../src/config.ts";
import type { PolicyIndex } from "../../src/index/store.ts";
import { createApp, readyState } from "../../src/server/app.ts";
import { listen as listenWithTimeouts } from "../../src/server/lifecycle.ts";
import { createLogger } from "../../src/server/logging.ts";
import { clientKey } from "../../src/server/rate-limit.ts";
import { fixtureIndex, listen } from "../helpers/fixture.ts";
import { createAssistant } from "../../src/answer/assistant.ts";

let index: PolicyIndex;
let assistant: Assistant;
let cleanup: () => void;
beforeAll(async () => {
  ({ index, cleanup } = await fixtureIndex());
  assistant = createAssistant(index);
});
afterAll(() => cleanup());

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "Content-Type": "application/json", ...headers },
  body: JSON.stringify(body),
});

describe("request logs", () => {
  const ID = "110101199003071234";
  const MOBILE = "13812345678";
  const CARD = "6222021234567890123";

  it("hold one compact line per request, with no personal data, query string, credentials or security headers", async () => {
    const lines: string[] = [];
    const logger = createLogger({ logLevel: "info" }, { write: (line: string) => void lines.push(line) });
    const app = createApp({ state: readyState(assistant), config: { widgetOrigins: [], rateLimitPerMinute: 1000 }, logger });
    const server = await listen(app);
    const secret = { Authorization: "Bearer sk-very-secret", Cookie: "session=cookie-value-42" };
    try {
      const question = `我的身份证${ID}，手机${MOBILE}，卡号${CARD}，电子印章怎么办`;
      const responses = [
        await fetch(`${server.url}/api/search?${new URLSearchParams({ q: question, k: "3" })}`, { headers: secret }),
        await fetch(`${server.url}/api/chat`, json({ message: question, channel: "console" }, secret)),
        await fetch(`${server.url}/api/clauses/${ID}`, { headers: secret }),
        await fetch(`${server.url}/api/units/${encodeURIComponent(`联系人张三丰${MOBILE}`)}`),
        await fetch(`${server.url}/api/chat`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{bad" }),
      ];
      expect(responses.map((r) => r.status)).toEqual([200, 200, 404, 404, 400]);
      const log = lines.join("");
      for (const forbidden of [ID, MOBILE, CARD, "sk-very-secret", "cookie-value-42", "电子印章", "张三丰", "k=3"]) {
        expect(log).not.toContain(forbidden);
      }
      expect(log.toLowerCase()).not.toContain("content-security-policy");
      const requestLines = lines.filter((l) => l.includes('"request completed"'));
      expect(requestLines).toHaveLength(5);
      for (const l of requestLines) expect(l.length).toBeLessThan(300);
      expect(requestLines[2]).toContain('"path":"/api/clauses/[id]"');
      expect(JSON.parse(requestLines[0]!).req).toEqual({ method: "GET", path: "/api/search" });
    } finally {
      await server.close();
    }
  });

  it("redacts credentials whatever object is logged", () => {
    const lines: string[] = [];
    const logger = createLogger({ logLevel: "info" }, { write: (line: string) => void lines.push(line) });
    logger.info({ req: { headers: { authorization: "Bearer sk-1", cookie: "a=b" } }, res: { headers: { "set-cookie": "s=1" } } }, "x");
    expect(lines[0]).not.toMatch(/sk-1|a=b|s=1/);
    expect(lines[0]).toContain("[redacted]");
  });
});

describe("client addresses and rate limits", () => {
  const statuses = async (url: string, n: number, headers: (i: number) => Record<string, string>) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await fetch(url, { headers: headers(i) })).status);
    return out;
  };

  it("ignores X-Forwarded-For from a client that is not a configured proxy (none by default)", async () => {
    const app = createApp({ state: readyState(assistant), config: { widgetOrigins: [], rateLimitPerMinute: 3 } });
    const server = await listen(app);
    try {
      const rotating = await statuses(`${server.url}/v1/models`, 20, (i) => ({ "X-Forwarded-For": `203.0.113.${i}` }));
      expect(rotating.filter((s) => s === 200)).toHaveLength(3);
      expect(rotating.slice(3).every((s) => s === 429)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("counts each client behind a configured proxy on its own", async () => {
    for (const trustProxy of [parseTrustProxy("loopback"), parseTrustProxy("1"), parseTrustProxy("127.0.0.1, ::1")]) {
      const app = createApp({ state: readyState(assistant), config: { widgetOrigins: [], rateLimitPerMinute: 3, trustProxy } });
      const server = await listen(app);
      try {
        const rotating = await statuses(`${server.url}/v1/models`, 10, (i) => ({ "X-Forwarded-For": `203.0.113.${i}` }));
        expect(rotating.every((s) => s === 200)).toBe(true);
        const one = await statuses(`${server.url}/v1/models`, 4, () => ({ "X-Forwarded-For": "198.51.100.7" }));
        expect(one).toEqual([200, 200, 200, 429]);
      } finally {
        await server.close();
      }
    }
  });

  it("gives the operator console its own, higher limit", async () => {
    const app = createApp({
      state: readyState(assistant),
      config: { widgetOrigins: [], rateLimitPerMinute: 2, consoleRateLimitPerMinute: 6 },
    });
    const server = await listen(app);
    try {
      const ask = (channel: string) => fetch(`${server.url}/api/chat`, json({ message: "电子印章", channel })).then((r) => r.status);
      expect([await ask("widget"), await ask("widget"), await ask("widget")]).toEqual([200, 200, 429]);
      const console5 = [];
      for (let i = 0; i < 5; i++) console5.push(await ask("console"));
      expect(console5).toEqual([200, 200, 200, 200, 200]);
      expect((await fetch(`${server.url}/api/search?q=电子印章`)).status).toBe(200);
      expect(await ask("console")).toBe(429);
    } finally {
      await server.close();
    }
  });

  it("keys IPv6 clients by their /64 and IPv4-mapped addresses as IPv4", () => {
    expect(clientKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(clientKey("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(clientKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(clientKey("::1")).toBe("0:0:0:0::/64");
    expect(clientKey("::ffff:192.0.2.9")).toBe("192.0.2.9");
    expect(clientKey("192.0.2.9")).toBe("192.0.2.9");
  });

  it("reads TRUST_PROXY as none, a hop count or addresses, and refuses `true`", () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(parseTrustProxy("2")).toBe(2);
    expect(parseTrustProxy("10.0.0.1, 10.0.0.0/8")).toEqual(["10.0.0.1", "10.0.0.0/8"]);
    expect(() => loadConfig({ TRUST_PROXY: "true" })).toThrow(/TRUST_PROXY/);
  });
});

/** An assistant whose answers wait until released, to hold requests in flight. */
function heldAssistant(real: Assistant) {
  const waiting: (() => void)[] = [];
  const held: Assistant = {
    ...real,
    ask: async (input, signal) => {
      await new Promise<void>((resolve) => waiting.push(resolve));
      return real.ask(input, signal) as Promise<Answer>;
    },
  };
  return {
    assistant: held,
    waiting: () => waiting.length,
    release: () => {
      for (const r of waiting.splice(0)) r();
    },
  };
}

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
};

describe("overload", () => {
  it("refuses answers beyond the concurrency bound at once with 503 and Retry-After, and frees slots as answers end", async () => {
    const held = heldAssistant(assistant);
    const app = createApp({
      state: readyState(held.assistant),
      config: { widgetOrigins: [], rateLimitPerMinute: 1000, maxConcurrentAnswers: 2 },
    });
    const server = await listen(app);
    try {
      const first = fetch(`${server.url}/api/chat`, json({ message: "电子印章" }));
      const gone = new AbortController();
      const second = fetch(`${server.url}/api/chat`, { ...json({ message: "电子印章" }), signal: gone.signal }).catch(() => "aborted");
      await until(() => held.waiting() === 2);
      const started = performance.now();
      const third = await fetch(
        `${server.url}/v1/chat/completions`,
        json({ model: "policy-assistant", messages: [{ role: "user", content: "电子印章" }] }),
      );
      expect(performance.now() - started).toBeLessThan(200);
      expect(third.status).toBe(503);
      expect(third.headers.get("retry-after")).toBe("1");
      expect(((await third.json()) as { error: { code: string } }).error.code).toBe("overloaded");
      // Browsing is not an answer and is not refused.
      expect((await fetch(`${server.url}/api/plans`)).status).toBe(200);
      // A client that goes away frees its slot.
      gone.abort();
      expect(await second).toBe("aborted");
      // (once the server has seen the connection close)
      await new Promise((r) => setTimeout(r, 200));
      const fourth = fetch(`${server.url}/api/chat`, json({ message: "电子印章" }));
      await until(() => held.waiting() === 3);
      held.release();
      expect((await first).status).toBe(200);
      expect((await fourth).status).toBe(200);
      expect((await fetch(`${server.url}/api/search?q=电子印章`)).status).toBe(200);
    } finally {
      held.release();
      await server.close();
    }
  });
});

describe("slow clients", () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    const app = createApp({ state: readyState(assistant), config: { widgetOrigins: [], rateLimitPerMinute: 1000 } });
    server = await listenWithTimeouts(app, { port: 0, host: "127.0.0.1", headersTimeoutMs: 400, requestTimeoutMs: 800 });
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  /** Sends the bytes and waits for the server to answer or hang up; how long that took. */
  const stall = (bytes: string) =>
    new Promise<{ ms: number; reply: string }>((resolve) => {
      const started = performance.now();
      let reply = "";
      const socket = connect(port, "127.0.0.1", () => socket.write(bytes));
      socket.on("data", (d) => {
        reply += d.toString();
      });
      socket.on("close", () => resolve({ ms: performance.now() - started, reply }));
      socket.on("error", () => {});
    });

  it("drops a request whose body stalls, within the request timeout", async () => {
    const { ms, reply } = await stall(
      "POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{",
    );
    expect(ms).toBeLessThan(2500);
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
  });

  it("drops a connection whose headers stall, within the headers timeout", async () => {
    const { ms } = await stall("GET /healthz HTTP/1.1\r\nHost: x\r\n");
    expect(ms).toBeLessThan(2000);
  });

  it("defaults to a few seconds", () => {
    const c = loadConfig({});
    expect([c.headersTimeoutMs, c.requestTimeoutMs]).toEqual([5000, 10000]);
    expect(c.drainTimeoutMs).toBeGreaterThan(loadConfig({}).chat?.timeoutMs ?? 20000);
  });
});

describe("while the index loads", () => {
  it("answers the index routes and /readyz with 503 and Retry-After; health and model list still answer", async () => {
    const state = readyState();
    const app = createApp({ state, config: { widgetOrigins: [], rateLimitPerMinute: 1000 } });
    const server = await listen(app);
    try {
      for (const [path, init] of [
        ["/api/chat", json({ message: "电子印章" })],
        ["/api/chat/stream", json({ message: "电子印章" })],
        ["/api/search?q=x", {}],
        ["/api/plans", {}],
        ["/v1/chat/completions", json({ model: "policy-assistant", messages: [{ role: "user", content: "x" }] })],
      ] as const) {
        const res = await fetch(`${server.url}${path}`, init);
        expect([path, res.status, res.headers.get("retry-after")]).toEqual([path, 503, "5"]);
      }
      const ready = await fetch(`${server.url}/readyz`);
      expect([ready.status, ready.headers.get("retry-after"), await ready.json()]).toEqual([503, "5", { status: "loading" }]);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${server.url}/v1/models`)).status).toBe(200);
      state.failed();
      expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ status: "failed" });
      state.set(assistant);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      state.stopping();
      expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ status: "stopping" });
      // In-flight and late requests are still answered while stopping.
      expect((await fetch(`${server.url}/api/chat`, json({ message: "电子印章" }))).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
