import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssistant, type Assistant } from "../../src/answer/assistant.ts";
import type { PolicyIndex } from "../../src/index/store.ts";
import { createApp, readyState } from "../../src/server/app.ts";
import { loadContacts } from "../../src/web/contacts.ts";
import { resolveDistrict } from "../../src/understand/lexicon.ts";
import { webRoutes } from "../../src/web/routes.ts";
import { fixtureIndex, listen } from "../helpers/fixture.ts";

let index: PolicyIndex;
let assistant: Assistant;
let base = "";
let close: () => Promise<void>;
let cleanup: () => void;
const contactsDir = mkdtempSync(join(tmpdir(), "policy-contacts-"));

beforeAll(async () => {
  ({ index, cleanup } = await fixtureIndex());
  assistant = createAssistant(index);
  writeFileSync(
    join(contactsDir, "contacts.json"),
    JSON.stringify({
      contacts: [
        {
          unit: "区市场监管局",
          district: "安亭区",
          phone: "021-1234 5678",
          hours: "工作日 9:00-17:00",
          url: "https://example.gov.cn/scjgj",
        },
        { unit: "区市场监管局", district: "江湾区", phone: "021-8765 4321" },
        { unit: "区金融办", aliases: ["区金融工作办公室"], address: "安亭路1号" },
      ],
    }),
  );
  const state = readyState(assistant);
  const app = createApp({
    state,
    config: { widgetOrigins: ["http://site.example"], rateLimitPerMinute: 1000 },
    extraRoutes: [webRoutes({ state, corpusDir: contactsDir })],
  });
  ({ url: base, close } = await listen(app));
});
afterAll(async () => {
  await close();
  cleanup();
  rmSync(contactsDir, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });

describe("district forms", () => {
  it("resolves the usual ways a page writes a district", () => {
    const metas = [
      { ...index.plans[0]!.meta, id: "putuo-2021", district: "普陀区", districtEn: "Putuo District", city: "上海市" },
      { ...index.plans[0]!.meta, id: "xuhui-2023", district: "徐汇区", districtEn: "Xuhui District", city: "上海市" },
    ];
    for (const form of ["普陀区", "普陀", "上海市普陀区", "上海普陀区", "putuo", "Putuo", "Putuo District", " 普陀区 "])
      expect(resolveDistrict(form, metas), form).toBe("普陀区");
    expect(resolveDistrict("徐汇", metas)).toBe("徐汇区");
    for (const form of ["黄浦区", "", "区", "pu"]) expect(resolveDistrict(form, metas), form).toBeNull();
  });
});

describe("widget API", () => {
  it("gives a page its district, plans and starter questions, which the assistant answers from those plans", async () => {
    const res = await get(`/api/widget/config?${new URLSearchParams({ district: "安亭", lang: "zh" })}`);
    expect(res.status).toBe(200);
    const config = await res.json();
    expect(config.districts).toEqual([{ name: "安亭区", nameEn: "Anting District" }]);
    expect(config.plans.map((p: { id: string }) => p.id)).toEqual(["anting-2024"]);
    expect(config.contacts).toBe(true);
    expect(config.starters.length).toBeGreaterThanOrEqual(2);
    for (const q of config.starters) {
      const a = await assistant.ask({ message: q, district: "安亭区" });
      expect(a.status, q).toBe("answered");
      expect(a.citations[0]?.planId, q).toBe("anting-2024");
    }
  });

  it("English starters are English throughout and answered", async () => {
    const config = await (await get("/api/widget/config?district=anting&lang=en")).json();
    expect(config.starters.length).toBeGreaterThan(0);
    for (const q of config.starters) {
      expect(q, q).not.toMatch(/[\u4e00-\u9fff]/);
      expect((await assistant.ask({ message: q, district: "安亭区" })).status, q).toBe("answered");
    }
  });

  it("an unknown district is a 400 naming the covered districts", async () => {
    const res = await get(`/api/widget/config?${new URLSearchParams({ district: "黄浦区" })}`);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.path).toEqual(["district"]);
    expect(body.error.message).toContain("安亭区");
    expect(body.error.message).toContain("江湾区");
  });

  it("suggests follow-ups from the cited clauses, never the question just asked", async () => {
    const cited = [...index.clauses.values()].find((c) => c.units.some((u) => u.name === "区市场监管局"))!;
    const res = await get(
      `/api/suggestions?${new URLSearchParams({ after: cited.id, q: "区市场监管局还负责哪些措施？", district: "安亭区" })}`,
    );
    const { suggestions } = await res.json();
    expect(suggestions).not.toContain("区市场监管局还负责哪些措施？");
    expect(suggestions.length).toBeGreaterThan(0);
    for (const q of suggestions) expect((await assistant.ask({ message: q, district: "安亭区", history: [] })).status, q).toBe("answered");
  });

  it("serves unit contacts for the cited units, preferring the unit's own district, matched by alias too", async () => {
    const q = new URLSearchParams({ district: "江湾区", units: "区市场监管局,区金融工作办公室,区科委" });
    const { contacts } = await (await get(`/api/contacts?${q}`)).json();
    expect(contacts).toEqual([
      { unit: "区市场监管局", district: "江湾区", phone: "021-8765 4321" },
      { unit: "区金融工作办公室", aliases: ["区金融工作办公室"], address: "安亭路1号" },
    ]);
    const all = await (await get("/api/contacts?district=安亭区")).json();
    expect(all.contacts.map((c: { phone?: string }) => c.phone)).toEqual(["021-1234 5678", undefined]);
  });

  it("answers cross-origin requests from an allowed page", async () => {
    const res = await get("/api/widget/config", { Origin: "http://site.example" });
    expect(res.headers.get("access-control-allow-origin")).toBe("http://site.example");
  });
});

describe("contact directory file", () => {
  it("is optional, and a broken one is reported, not a crash", () => {
    const dir = mkdtempSync(join(tmpdir(), "policy-contacts-"));
    try {
      expect(loadContacts(dir)).toMatchObject({ contacts: [], error: null });
      writeFileSync(join(dir, "contacts.json"), "{ nope");
      expect(loadContacts(dir).error).toMatch(/contacts\.json: .*JSON/);
      writeFileSync(join(dir, "contacts.json"), JSON.stringify({ contacts: [{ unit: "区科委", url: "javascript:alert(1)" }] }));
      expect(loadContacts(dir).error).toMatch(/contacts\.0\.url/);
      writeFileSync(join(dir, "contacts.json"), JSON.stringify({ contacts: [{ unit: "区科委", phone: "<b>1</b>" }] }));
      expect(loadContacts(dir).error).toMatch(/contacts\.0\.phone/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("widget.js and console.js", () => {
  it("are built on first request into one self-contained script, compressed, with an ETag and a versioned immutable URL", async () => {
    const plain = await get("/widget.js", { "Accept-Encoding": "identity" });
    expect(plain.status).toBe(200);
    expect(plain.headers.get("content-type")).toContain("javascript");
    expect(plain.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(plain.headers.get("cache-control")).toContain("max-age=300");
    const code = await plain.text();
    expect(code).not.toMatch(/^\s*import\s|\brequire\(/m);
    expect(code).toContain("policy-assistant");
    const etag = plain.headers.get("etag")!;
    const hash = etag.replaceAll('"', "");

    // Node's fetch decodes br/gzip itself; the raw sizes are checked on the encoded-length header.
    const br = await get("/widget.js", { "Accept-Encoding": "gzip, br" });
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(Number(br.headers.get("content-length"))).toBeLessThan(code.length / 2);
    expect(br.headers.get("vary")).toContain("Accept-Encoding");
    expect((await get("/widget.js", { "Accept-Encoding": "gzip" })).headers.get("content-encoding")).toBe("gzip");

    expect((await get("/widget.js", { "If-None-Match": etag })).status).toBe(304);
    const versioned = await get(`/widget.${hash}.js`);
    expect(versioned.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const stale = await get("/widget.0000000000.js");
    expect(stale.headers.get("cache-control")).toContain("max-age=300");

    const demo = await (await get("/")).text();
    expect(demo).toContain(`src="/widget.${hash}.js"`);
    const consoleJs = await get("/console.js");
    expect(consoleJs.status).toBe(200);
    expect(await consoleJs.text()).toContain("#script");
  });
});
