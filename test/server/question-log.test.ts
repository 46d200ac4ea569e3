import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Answer } from "../../src/answer/schema.ts";
import type { PolicyIndex } from "../../src/index/store.ts";
import { fixtureIndex } from "../helpers/fixture.ts";
import { admin, allStoredText, type LogServer, postJson, questionLogServer } from "../helpers/question-log.ts";

let index: PolicyIndex;
let cleanup: () => void;
let s: LogServer;

beforeAll(async () => {
  ({ index, cleanup } = await fixtureIndex());
  s = await questionLogServer(index);
  await s.service.database.ready();
});
afterAll(async () => {
  await s?.close();
  cleanup?.();
});

const ask = async (message: string, extra: Record<string, unknown> = {}) => {
  const res = await postJson(`${s.url}/api/chat`, { message, ...extra });
  expect(res.status).toBe(200);
  return Answer.parse(await res.json());
};
const flushed = () => s.service.log.drain(5000);
const report = async (query = "") => {
  const res = await fetch(`${s.url}/api/admin/report${query}`, { headers: admin });
  expect(res.status).toBe(200);
  return res.json();
};

describe("the question log", () => {
  it("gives every answer an answerId and logs the question with its outcome", async () => {
    const a = await ask("电子印章公共服务平台由哪个部门负责？", { channel: "widget" });
    expect(a.answerId).toMatch(/^[0-9a-f-]{36}$/);
    await flushed();
    const row = await s.service.database.db.selectFrom("questions").selectAll().where("id", "=", a.answerId!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: "widget", lang: "zh", status: "answered", mode: "extractive", district: "安亭区" });
    expect(row.citations).toEqual(a.citations.map((c) => c.id));
    expect(row.ip_hash).toMatch(/^[0-9a-f]{32}$/);
    expect(row.latency_ms).toBeGreaterThanOrEqual(0);
  });

  it("stores no raw personal data in any table", async () => {
    const secrets = ["310101199003071234", "13812345678", "021-62345678", "6222021234567890123", "zhang.san@example.com", "张小明", "李四"];
    const a = await ask(
      "我叫张小明，身份证310101199003071234，手机13812345678，座机021-62345678，卡号6222021234567890123，邮箱zhang.san@example.com，企业注销怎么办？",
    );
    await ask("联系人：李四 电话13812345678 电子印章平台由谁负责");
    const fb = await postJson(`${s.url}/api/feedback`, {
      answerId: a.answerId,
      rating: "down",
      comment: "请联系我13812345678或zhang.san@example.com，我叫张小明",
    });
    expect(fb.status).toBe(201);
    await flushed();
    const stored = await allStoredText(s.service);
    expect(stored).toContain("[phone]");
    for (const secret of [...secrets, "127.0.0.1", "::ffff:127.0.0.1"]) expect(stored).not.toContain(secret);
  });

  it("deletes questions and feedback older than the retention period", async () => {
    const { db } = s.service.database;
    const old = new Date(Date.now() - 200 * 86_400_000);
    await db
      .insertInto("questions")
      .values({
        id: "old-question",
        asked_at: old,
        channel: "api",
        district: null,
        lang: "zh",
        status: "answered",
        mode: "extractive",
        question: "旧问题",
        question_key: "旧问题",
        citations: "[]",
        confidence: null,
        latency_ms: 1,
        fallback: null,
        curated_id: null,
        ip_hash: null,
        replica: "t",
      })
      .execute();
    const before = await db.selectFrom("questions").select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow();
    const r = await s.service.log.prune(180);
    expect(r.questions).toBe(1);
    const after = await db.selectFrom("questions").select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n - 1);
    expect(await db.selectFrom("questions").where("id", "=", "old-question").selectAll().execute()).toEqual([]);
  });
});

describe("POST /api/feedback", () => {
  it("takes the answer id an OpenAI-protocol client got with its completion", async () => {
    const res = await postJson(`${s.url}/v1/chat/completions`, { messages: [{ role: "user", content: "企业注销要多久？" }] });
    const answerId = (await res.json()).policy_assistant.answer_id;
    expect(answerId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await postJson(`${s.url}/api/feedback`, { answerId, rating: "up", channel: "api" })).status).toBe(201);
  });

  it("takes 👍/👎 with a comment and 'mark wrong' with the right clause", async () => {
    const a = await ask("注销办理时间是多久？");
    expect((await postJson(`${s.url}/api/feedback`, { answerId: a.answerId, rating: "up" })).status).toBe(201);
    const wrong = await postJson(`${s.url}/api/feedback`, {
      answerId: a.answerId,
      rating: "down",
      clauseId: "anting-2024:3",
      channel: "console",
    });
    expect(wrong.status).toBe(201);
    expect(await wrong.json()).toEqual({ ok: true });
    await flushed();
    const r = await report();
    const item = r.curationQueue.find((q: { answerId: string; clauseId: string | null }) => q.answerId === a.answerId && q.clauseId);
    expect(item).toMatchObject({ clauseId: "anting-2024:3", rating: "down" });
  });

  it.each([
    ["a malformed answerId", { answerId: "x", rating: "up" }, 400],
    ["an unknown rating", { answerId: "00000000-0000-4000-8000-000000000000", rating: "meh" }, 400],
    ["an unknown clause", { answerId: "00000000-0000-4000-8000-000000000000", rating: "down", clauseId: "nope:1" }, 400],
    ["an extra field", { answerId: "00000000-0000-4000-8000-000000000000", rating: "up", score: 5 }, 400],
    ["an answerId never issued", { answerId: "00000000-0000-4000-8000-000000000000", rating: "up" }, 400],
  ])("rejects %s", async (_name, body, status) => {
    const res = await postJson(`${s.url}/api/feedback`, body);
    expect(res.status).toBe(status);
    expect((await res.json()).error.status).toBe(status);
  });
});

describe("curated answers", () => {
  const question = "安亭区的电子印章平台谁来建设？";

  it("are served for matching questions, cited, versioned and withdrawable", async () => {
    const before = await ask(question);
    expect(before.mode).not.toBe("curated");

    const bad = await postJson(`${s.url}/api/admin/curated`, { pattern: question, answer: "x", citations: ["anting-2024:999"] }, admin);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain("anting-2024:999");

    const created = await postJson(
      `${s.url}/api/admin/curated`,
      { pattern: question, answer: "由区科学技术委员会建设区电子印章公共服务平台。", citations: ["anting-2024:2"] },
      admin,
    );
    expect(created.status).toBe(201);
    const { id, version } = await created.json();
    expect(version).toBe(1);

    // A different wording of the same question (punctuation, greeting, particle) gets it too.
    const curated = await ask("请问 安亭区的电子印章平台谁来建设呢");
    expect(curated).toMatchObject({ mode: "curated", status: "answered", answer: "由区科学技术委员会建设区电子印章公共服务平台。" });
    expect(curated.citations.map((c) => c.id)).toEqual(["anting-2024:2"]);
    expect(curated.citations[0]!.text).toContain("电子印章公共服务平台");
    expect(curated.answerId).toBeDefined();
    // A follow-up that merely shares the words is not the curated question.
    const followup = await ask("那江湾区呢？", { history: [{ role: "user", content: question }] });
    expect(followup.mode).not.toBe("curated");

    const v2 = await postJson(
      `${s.url}/api/admin/curated/${id}`,
      { pattern: question, answer: "区科委负责建设电子印章公共服务平台。", citations: ["anting-2024:2", "anting-2024:1"] },
      admin,
    );
    expect(await v2.json()).toEqual({ id, version: 2 });
    const second = await ask(question);
    expect(second.answer).toBe("区科委负责建设电子印章公共服务平台。");
    expect(second.citations.map((c) => c.id)).toEqual(["anting-2024:2", "anting-2024:1"]);

    const list = (await (await fetch(`${s.url}/api/admin/curated`, { headers: admin })).json()).curated;
    expect(list.find((c: { id: number }) => c.id === id).versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);

    expect((await postJson(`${s.url}/api/admin/curated/${id}/withdraw`, {}, admin)).status).toBe(200);
    expect((await ask(question)).mode).toBe(before.mode);
    expect((await postJson(`${s.url}/api/admin/curated/9999/withdraw`, {}, admin)).status).toBe(404);
    await flushed();
    const r = await report();
    expect(r.modes.curated).toBe(2);
  });

  it("can be written from a logged question, which leaves the curation queue", async () => {
    const a = await ask("融资担保基金由谁牵头设立");
    await postJson(`${s.url}/api/feedback`, { answerId: a.answerId, rating: "down", comment: "没说清楚" });
    await flushed();
    const queued = (await report()).curationQueue.map((q: { answerId: string }) => q.answerId);
    expect(queued).toContain(a.answerId);
    const res = await postJson(
      `${s.url}/api/admin/curated`,
      { questionId: a.answerId, answer: "区金融办牵头，区财政局配合。", citations: ["anting-2024:4"] },
      admin,
    );
    expect(res.status).toBe(201);
    expect((await report()).curationQueue.map((q: { answerId: string }) => q.answerId)).not.toContain(a.answerId);
    expect((await ask("融资担保基金由谁牵头设立？")).mode).toBe("curated");
    const missing = await postJson(`${s.url}/api/admin/curated`, { questionId: "nope", answer: "x", citations: ["anting-2024:4"] }, admin);
    expect(missing.status).toBe(404);
  });

  it("leave sanitized on every chat route, though they are served around ask()", async () => {
    const question = "企业上市培训每年办几场？";
    const answer = `<b>每年</b>不少于10场<script>alert(1)</script>，见<a href="https://evil.example">通知</a>。`;
    const res = await postJson(`${s.url}/api/admin/curated`, { pattern: question, answer, citations: ["anting-2024:5"] }, admin);
    expect(res.status).toBe(201);
    const plain = await ask(question);
    const completion = await (await postJson(`${s.url}/v1/chat/completions`, { messages: [{ role: "user", content: question }] })).json();
    const streamed = await (await postJson(`${s.url}/api/chat/stream`, { message: question })).text();
    const done = Answer.parse(
      JSON.parse(
        streamed
          .trim()
          .split("\n")
          .at(-1)!
          .replace(/^data: /, ""),
      ),
    );
    for (const text of [plain.answer, completion.choices[0].message.content, done.answer]) expect(text).toBe("每年不少于10场，见通知。");
    expect([plain.mode, done.mode]).toEqual(["curated", "curated"]);
  });
});

describe("the report", () => {
  it("counts questions, answers, refusals, top and unanswered questions and feedback", async () => {
    await ask("杭州的电子印章政策是什么？");
    await ask("请问杭州的电子印章政策是什么");
    await ask("What is the policy on electronic seals?", { channel: "console" });
    await flushed();
    const r = await report();
    for (const key of ["questions", "answered", "refused", "top", "unanswered", "feedback", "perDay", "byDistrict", "byLang", "byChannel"])
      expect(r).toHaveProperty(key);
    const { n } = await s.service.database.db.selectFrom("questions").select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow();
    expect(r.questions).toBe(n);
    expect(r.answered + r.refused).toBeLessThanOrEqual(r.questions);
    expect(r.refused).toBeGreaterThanOrEqual(2);
    const gap = r.unanswered.find((u: { question: string }) => u.question.includes("杭州"));
    expect(gap.count).toBe(2);
    expect(r.feedback.up).toBeGreaterThanOrEqual(1);
    expect(r.feedback.down).toBeGreaterThanOrEqual(2);
    expect(r.byLang.map((l: { lang: string }) => l.lang).sort()).toEqual(["en", "zh"]);
    expect(r.byChannel.map((c: { channel: string }) => c.channel)).toContain("console");
    expect(r.perDay.reduce((t: number, d: { questions: number }) => t + d.questions, 0)).toBe(r.questions);
    expect(r.lowestRated.length).toBeGreaterThan(0);

    // A range that ends before today holds nothing.
    const empty = await report("?from=2020-01-01&to=2020-01-31");
    expect(empty).toMatchObject({ questions: 0, answered: 0, refused: 0, top: [], unanswered: [] });
  });

  it("exports the unanswered questions as CSV", async () => {
    const res = await fetch(`${s.url}/api/admin/unanswered.csv`, { headers: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="unanswered-/);
    const text = await res.text();
    const lines = text
      .replace(/^\ufeff/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe("question,count,not_found,partial,last_asked,districts,variants");
    expect(lines.some((l) => l.includes("杭州") && l.includes(',"2",'))).toBe(true);
  });

  it.each([
    ["from=yesterday", 400],
    ["from=2026-02-01&to=2026-01-01", 400],
  ])("rejects a bad range (%s)", async (q, status) => {
    expect((await fetch(`${s.url}/api/admin/report?${q}`, { headers: admin })).status).toBe(status);
  });
});

describe("admin access", () => {
  it("needs the bearer token", async () => {
    expect((await fetch(`${s.url}/api/admin/report`)).status).toBe(401);
    const wrong = await fetch(`${s.url}/api/admin/report`, { headers: { Authorization: "Bearer wrong" } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await postJson(`${s.url}/api/admin/curated`, { pattern: "x", answer: "y", citations: ["anting-2024:1"] })).status).toBe(401);
    const page = await fetch(`${s.url}/admin`);
    expect(page.status).toBe(401);
    expect(await page.text()).toContain("ADMIN_TOKEN");
    expect((await fetch(`${s.url}/admin`, { headers: admin })).status).toBe(200);
    expect((await fetch(`${s.url}/admin/admin.js`)).status).toBe(200);
  });

  it("is off without ADMIN_TOKEN", async () => {
    const off = await questionLogServer(index, { ADMIN_TOKEN: "" });
    try {
      expect((await fetch(`${off.url}/admin`)).status).toBe(404);
      expect((await fetch(`${off.url}/api/admin/report`, { headers: admin })).status).toBe(404);
    } finally {
      await off.close();
    }
  });
});

describe("GET /metrics", () => {
  it("reports requests and latency by route, statuses, refusals, fallbacks and the write queue", async () => {
    await ask("杭州的电子印章政策是什么？");
    const res = await fetch(`${s.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/http_requests_total\{method="POST",route="\/api\/chat",status="200"\} \d+/);
    expect(text).toMatch(/http_requests_total\{method="POST",route="\/api\/feedback",status="400"\} [1-9]/);
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0\.5",method="POST",route="\/api\/chat"\}/);
    expect(text).toMatch(/answers_total\{status="not_found",mode="extractive",channel="api"\} [1-9]/);
    expect(text).toMatch(/answer_refusals_total\{channel="api"\} [1-9]/);
    expect(text).toMatch(/# TYPE llm_fallbacks_total counter/);
    expect(text).toMatch(/question_log_queue_depth \d+/);
    // Raw paths never become labels.
    await fetch(`${s.url}/api/admin/curated/12345/withdraw`);
    expect(await (await fetch(`${s.url}/metrics`)).text()).not.toContain("12345");
  });
});
