import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { composeAnswer } from "../../src/answer/compose.ts";
import { INTENTS } from "../../src/answer/intents.ts";
import { parsePlan } from "../../src/ingest/parse.ts";
import { planClauses } from "../../src/plan/clauses.ts";
import type { EvidencedHit, SentenceEvidence } from "../../src/retrieve/retriever.ts";
import { understand } from "../../src/understand/understand.ts";

/** A plan and hits made by hand: composition gets plans and hits, no index (no tokenizer, no clause table). */
const raw = [
  "北湖区优化营商环境措施",
  "一、政务服务",
  "（一）企业开办",
  "1. 推行企业开办一窗通办。企业开办时间压缩至1个工作日。全面推广电子营业执照。（责任单位：区市场监管局）",
].join("\n");
const plan = parsePlan({ planId: "beihu-2024", file: "beihu-2024.txt", raw }).plan;
const corpus = { plans: [plan] };
const clause = planClauses(plan).find((c) => c.measure === 1)!;
const hit = (overlaps: number[]): EvidencedHit => ({
  id: clause.id,
  clause,
  score: 1,
  lexical: null,
  vector: null,
  sentences: (): SentenceEvidence[] =>
    ["推行企业开办一窗通办。", "企业开办时间压缩至1个工作日。", "全面推广电子营业执照。"].map((text, i) => ({
      text,
      overlap: overlaps[i]!,
    })),
});
const u = (q: string) => understand(q, [], [plan.meta]);

describe("composition from the hit evidence", () => {
  it("quotes the sentences the hit's evidence says match the question, in their order", () => {
    const general = composeAnswer(corpus, u("北湖区电子营业执照"), [hit([0, 1, 6])], INTENTS.general);
    expect(general.answer).toContain("“企业开办时间压缩至1个工作日。全面推广电子营业执照。…”");
    const other = composeAnswer(corpus, u("北湖区电子营业执照"), [hit([5, 0, 1])], INTENTS.general);
    expect(other.answer).toContain("“推行企业开办一窗通办。全面推广电子营业执照。…”");
  });

  it("prefers a sentence with a figure for a target question, and lists the clause's own figures", () => {
    const a = composeAnswer(
      corpus,
      { ...u("What is the target for company setup in Beihu?"), lang: "en" },
      [hit([5, 0, 4])],
      INTENTS.target,
    );
    expect(a.answer).toContain("sets these figures: 1个工作日");
    expect(a.answer).toContain("企业开办时间压缩至1个工作日。");
    expect(a.citations.map((c) => c.id)).toEqual([clause.id]);
  });
});

describe("the answer stage", () => {
  it("imports nothing from the index: it answers from the hits retrieval hands over", () => {
    const dir = new URL("../../src/answer/", import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) expect(readFileSync(new URL(f, dir), "utf8"), f).not.toMatch(/from "\.\.\/index\//);
  });
});
