import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Assistant } from "../../src/answer/assistant.ts";
import { Answer } from "../../src/answer/schema.ts";
import type { PolicyIndex } from "../../src/index/store.ts";
import { createApp, readyState } from "../../src/server/app.ts";
import { fixtureServer, listen, type FixtureServer } from "../helpers/fixture.ts";

let server: FixtureServer;
let index: PolicyIndex;
let assistant: Assistant;
let base = "";

beforeAll(async () => {
  server = await fixtureServer();
  ({ index, assistant, url: base } = server);
});
afterAll(() => server.close());

const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

interface ErrorBody {
  error: { status: number; code: string; message: string; path?: (string | number)[] };
}

/** Reads an error response and checks it is JSON without any trace of the server's internals. */
async function errorOf(res: Response, status: number): Promise<ErrorBody["error"]> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const text = await res.text();
  expect(text).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\.ts:\d+|stack/i);
  const body = JSON.parse(text) as ErrorBody;
  expect(body.error.status).toBe(status);
  return body.error;
}

describe("POST /api/chat", () => {
  it("answers with citations", async () => {
    const res = await postJson("/api/chat", { message: "电子印章公共服务平台由哪个部门负责？" });
    expect(res.status).toBe(200);
    const answer = Answer.parse(await res.json());
    expect(answer.status).toBe("answered");
    expect(answer.citations[0]!.id).toBe("anting-2024:2");
    expect(answer.answer).toContain("区科委");
  });

  it("resolves a follow-up from history and honours the district", async () => {
    const followup = Answer.parse(
      await (
        await postJson("/api/chat", { message: "哪个部门负责？", history: [{ role: "user", content: "安亭区的企业注销政策是什么？" }] })
      ).json(),
    );
    expect(followup.citations[0]!.id).toBe("anting-2024:3");
    const scoped = Answer.parse(await (await postJson("/api/chat", { message: "审批时限是多少？", district: "江湾区" })).json());
    expect(scoped.citations.every((c) => c.district === "江湾区")).toBe(true);
  });

  it("refuses an uncovered place with 200 and no citations", async () => {
    const res = await postJson("/api/chat", { message: "杭州的电子印章政策是什么？" });
    expect(res.status).toBe(200);
    const answer = Answer.parse(await res.json());
    expect(answer.status).toBe("not_found");
    expect(answer.citations).toEqual([]);
  });

  it.each([
    ["an empty message", { message: "" }, ["message"]],
    ["a whitespace-only message", { message: " \n\t\u3000 " }, ["message"]],
    ["a zero-width-only message", { message: "\u200b\u200d\ufeff" }, ["message"]],
    ["an invisible-formatting-only message", { message: "\u2063\u00ad\u2062" }, ["message"]],
    ["a message over 2000 characters", { message: "电".repeat(2001) }, ["message"]],
    ["a missing message", { history: [] }, ["message"]],
    ["a numeric message", { message: 42 }, ["message"]],
    ["history that is not a list", { message: "电子印章", history: "安亭区" }, ["history"]],
    ["a history message with an unknown role", { message: "电子印章", history: [{ role: "bot", content: "hi" }] }, ["history", 0, "role"]],
    ["a numeric district", { message: "电子印章", district: 3 }, ["district"]],
  ])("rejects %s with 400 and the field's path", async (_what, body, path) => {
    const err = await errorOf(await postJson("/api/chat", body), 400);
    expect(err.code).toBe("invalid_request");
    expect(err.path).toEqual(path);
    expect(err.message).toMatch(new RegExp(`^${path.join("\\.")}: `));
  });

  it("rejects unknown fields, naming them", async () => {
    const err = await errorOf(await postJson("/api/chat", { message: "电子印章", temperature: 2 }), 400);
    expect(err.code).toBe("invalid_request");
    expect(err.message).toContain("temperature");
  });

  it("accepts a message of exactly 2000 characters", async () => {
    const res = await postJson("/api/chat", { message: `电子印章由谁负责？${"。".repeat(2000 - 9)}` });
    expect(res.status).toBe(200);
  });

  it("rejects a district the corpus does not cover", async () => {
    const err = await errorOf(await postJson("/api/chat", { message: "电子印章由谁负责？", district: "普陀区" }), 400);
    expect(err.path).toEqual(["district"]);
  });

  it("rejects invalid JSON", async () => {
    const err = await errorOf(await postJson("/api/chat", '{"message": "电子印章'), 400);
    expect(err.code).toBe("invalid_json");
  });

  it("rejects a body over 64kb with 413", async () => {
    const err = await errorOf(
      await postJson("/api/chat", { message: "电子印章", history: [{ role: "user", content: "x".repeat(70 * 1024) }] }),
      413,
    );
    expect(err.code).toBe("payload_too_large");
  });

  it("rejects a body that is not JSON with 415", async () => {
    const res = await fetch(`${base}/api/chat`, { method: "POST", headers: { "content-type": "text/plain" }, body: "电子印章由谁负责？" });
    expect((await errorOf(res, 415)).code).toBe("unsupported_media_type");
    const form = await fetch(`${base}/api/chat`, { method: "POST", body: new URLSearchParams({ message: "电子印章" }) });
    await errorOf(form, 415);
    // Outside the API nothing takes a body: a POST there is not found, whatever it carries.
    const page = await fetch(`${base}/nowhere`, { method: "POST", headers: { "content-type": "text/plain" }, body: "x" });
    expect((await errorOf(page, 404)).code).toBe("not_found");
  });

  it("keeps serving after bad requests", async () => {
    await postJson("/api/chat", "{");
    await postJson("/api/chat", { message: "" });
    await postJson("/api/chat", { message: "x".repeat(100_000) });
    const res = await postJson("/api/chat", { message: "企业注销需要几天？" });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Answer).answer).toContain("5天");
  });
});

describe("health", () => {
  it("/healthz is 200", async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("/readyz is 503 until the assistant is set, then 200", async () => {
    const state = readyState();
    const app = createApp({ state, config: { widgetOrigins: [], rateLimitPerMinute: 1000 } });
    const server = await listen(app);
    try {
      const loading = await fetch(`${server.url}/readyz`);
      expect(loading.status).toBe(503);
      expect(await loading.json()).toEqual({ status: "loading" });
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      // Routes that need the index say so instead of failing.
      const chat = await fetch(`${server.url}/api/chat`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ message: "电子印章" }),
      });
      expect((await errorOf(chat, 503)).code).toBe("not_ready");
      await errorOf(await fetch(`${server.url}/api/plans`), 503);

      state.set(assistant);
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: "ready", plans: 2, embedder: "offline-lexical", llm: null });
      expect((await fetch(`${server.url}/api/plans`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("/readyz says how the question log's database is doing, which ready does not wait for", async () => {
    let database = "starting";
    const state = readyState(assistant);
    const server = await listen(
      createApp({ state: { ...state, database: () => database }, config: { widgetOrigins: [], rateLimitPerMinute: 1000 } }),
    );
    try {
      expect(await (await fetch(`${server.url}/readyz`)).json()).toMatchObject({ status: "ready", database: "starting" });
      database = "unavailable";
      const res = await fetch(`${server.url}/readyz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: "ready", database: "unavailable" });
    } finally {
      await server.close();
    }
  });
});

describe("browsing", () => {
  it("GET /api/plans lists the plans with their counts", async () => {
    const res = await fetch(`${base}/api/plans`);
    expect(res.status).toBe(200);
    const plans = (await res.json()) as { id: string; district: string; measures: number; clauses: number }[];
    expect(plans.map((p) => p.id).sort()).toEqual(["anting-2024", "jiangwan-2023"]);
    const anting = plans.find((p) => p.id === "anting-2024")!;
    expect(anting).toMatchObject({ district: "安亭区", districtEn: "Anting District", measures: 5, clauses: 6 });
    expect(plans.find((p) => p.id === "jiangwan-2023")).toMatchObject({ district: "江湾区", measures: 0, clauses: 4 });
  });

  it("GET /api/plans/:id gives the outline with every clause", async () => {
    const res = await fetch(`${base}/api/plans/jiangwan-2023`);
    expect(res.status).toBe(200);
    const plan = (await res.json()) as { meta: { id: string }; outline: { heading: string; clauses: { id: string }[] }[] };
    expect(plan.meta.id).toBe("jiangwan-2023");
    expect(plan.outline.flatMap((g) => g.clauses.map((c) => c.id))).toEqual([
      "jiangwan-2023:1",
      "jiangwan-2023:2.1",
      "jiangwan-2023:2.2",
      "jiangwan-2023:closing",
    ]);
    expect(plan.outline.find((g) => g.clauses.some((c) => c.id === "jiangwan-2023:2.1"))!.heading).toBe(
      "二、重点任务 > （一）工程建设审批",
    );
  });

  it("GET /api/clauses/:id gives the clause with its units and targets", async () => {
    const res = await fetch(`${base}/api/clauses/${encodeURIComponent("anting-2024:2")}`);
    expect(res.status).toBe(200);
    const clause = (await res.json()) as Record<string, unknown>;
    expect(clause).toMatchObject({
      id: "anting-2024:2",
      planId: "anting-2024",
      measure: 2,
      kind: "measure",
      units: [{ name: "区科委", nameEn: "District Science and Technology Commission", role: "responsible" }],
      text: index.clauses.get("anting-2024:2")!.text,
    });
    expect((clause.targets as { text: string }[]).map((t) => t.text)).toEqual(["95%以上"]);
  });

  it("GET /api/units counts each unit's clauses", async () => {
    const res = await fetch(`${base}/api/units`);
    expect(res.status).toBe(200);
    const units = (await res.json()) as { name: string; measureCount: number; plans: Record<string, number> }[];
    expect(units[0]).toMatchObject({ name: "区市场监管局", measureCount: 2, plans: { "anting-2024": 2 } });
    expect(units.map((u) => u.name).sort()).toEqual(["区市场监管局", "区科委", "区税务局", "区财政局", "区金融办"].sort());
    expect(units.find((u) => u.name === "区金融办")!.measureCount).toBe(1);
  });

  it("GET /api/units/:name lists a unit's clauses with its role", async () => {
    const res = await fetch(`${base}/api/units/${encodeURIComponent("区财政局")}`);
    expect(res.status).toBe(200);
    const unit = (await res.json()) as { name: string; nameEn: string; clauses: { id: string; role: string }[] };
    expect(unit).toMatchObject({ name: "区财政局", nameEn: "District Finance Bureau" });
    expect(unit.clauses.map((c) => [c.id, c.role])).toEqual([["anting-2024:4", "support"]]);
  });

  it("GET /api/units/:name finds a unit by its full name", async () => {
    const res = await fetch(`${base}/api/units/${encodeURIComponent("区科学技术委员会")}`);
    expect(res.status).toBe(200);
    const unit = (await res.json()) as { name: string; clauses: { id: string }[] };
    expect(unit.name).toBe("区科委");
    expect(unit.clauses.map((c) => c.id)).toEqual(["anting-2024:2"]);
  });

  it.each([
    ["/api/nothing-here", "GET"],
    ["/api/clauses/anting-2024%3A99", "GET"],
    ["/api/plans/putuo-2021", "GET"],
    ["/api/units/%E5%8C%BA%E5%A4%96%E4%BA%A4%E9%83%A8", "GET"],
    ["/api/units/100%25", "GET"],
  ])("answers 404 JSON for %s", async (path, method) => {
    const err = await errorOf(await fetch(`${base}${path}`, { method }), 404);
    expect(err.code).toBe("not_found");
  });

  it("answers 400 JSON for a malformed percent-encoding", async () => {
    await errorOf(await fetch(`${base}/api/units/%E0%A4%A`), 400);
    await errorOf(await fetch(`${base}/api/clauses/%`), 400);
  });

  it("answers 404 JSON for an unknown POST route", async () => {
    const err = await errorOf(await postJson("/api/nothing-here", {}), 404);
    expect(err.code).toBe("not_found");
  });
});

describe("the API's edge in one layer", () => {
  it("still guards paths in any case: an upper-case /API/CHAT is validated, limited and answered like /api/chat", async () => {
    const res = await postJson("/API/CHAT", { message: "" });
    expect(res.status).toBe(400);
    const ok = await postJson("/API/Chat", { message: "电子印章怎么申请？" });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("ratelimit")).toMatch(/^"public";r=\d+/);
  });
});
