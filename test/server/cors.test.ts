import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Assistant } from "../../src/answer/assistant.ts";
import { createApp, readyState } from "../../src/server/app.ts";
import { fixtureServer, listen, type FixtureServer } from "../helpers/fixture.ts";

const ALLOWED = "http://allowed.test";

let server: FixtureServer;
let assistant: Assistant;
let base = "";

beforeAll(async () => {
  server = await fixtureServer({ widgetOrigins: [ALLOWED] });
  ({ assistant, url: base } = server);
});
afterAll(() => server.close());

const chat = (origin: string) =>
  fetch(`${base}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify({ message: "电子印章由谁负责？" }),
  });

describe("CORS with one widget origin", () => {
  it("lets the configured origin read answers", async () => {
    const res = await chat(ALLOWED);
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(ALLOWED);
  });

  it("does not let another origin read them", async () => {
    const res = await chat("http://evil.test");
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers the preflight for the configured origin only", async () => {
    const preflight = (origin: string) =>
      fetch(`${base}/api/chat`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
      });
    const ok = await preflight(ALLOWED);
    expect(ok.status).toBeLessThan(300);
    expect(ok.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(ok.headers.get("access-control-allow-methods")).toMatch(/POST/);
    expect(ok.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("content-type");
    expect((await preflight("http://evil.test")).headers.get("access-control-allow-origin")).toBeNull();
  });

  it("covers the OpenAI-compatible routes too", async () => {
    const res = await fetch(`${base}/v1/models`, { headers: { origin: ALLOWED } });
    expect(res.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    const other = await fetch(`${base}/v1/models`, { headers: { origin: "http://evil.test" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("opens nothing cross-origin when no widget origin is configured", async () => {
    const app = createApp({ state: readyState(assistant), config: { widgetOrigins: [], rateLimitPerMinute: 1000 } });
    const server = await listen(app);
    try {
      const res = await fetch(`${server.url}/api/plans`, { headers: { origin: ALLOWED } });
      expect(res.status).toBe(200);
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
    } finally {
      await server.close();
    }
  });
});

describe("rate limiting", () => {
  it("answers 429 JSON past the configured limit, the console's lookups against their own higher limit", async () => {
    const app = createApp({
      state: readyState(assistant),
      config: { widgetOrigins: [], rateLimitPerMinute: 2, consoleRateLimitPerMinute: 3 },
    });
    const server = await listen(app);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(`${server.url}/v1/models`)).status);
      expect(statuses).toEqual([200, 200, 429]);
      // The OpenAI-compatible routes say so in OpenAI's error shape, with Retry-After.
      const v1 = await fetch(`${server.url}/v1/models`);
      expect(v1.status).toBe(429);
      expect(Number(v1.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await v1.json()).toEqual({
        error: { message: "too many requests; slow down", type: "rate_limit_error", param: null, code: "rate_limited" },
      });
      // Questions from the widget and API clients share the public limit.
      const chat = await fetch(`${server.url}/api/chat`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ message: "电子印章", channel: "widget" }),
      });
      expect(chat.status).toBe(429);
      expect(((await chat.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
      const lookups: number[] = [];
      for (let i = 0; i < 4; i++) lookups.push((await fetch(`${server.url}/api/plans`)).status);
      expect(lookups).toEqual([200, 200, 200, 429]);
      // Health checks are not rate limited.
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
