import { describe, expect, it } from "vitest";
import type { Clause } from "../../src/plan/schema.ts";
import { type ClauseHit, reciprocalRankFusion } from "../../src/retrieve/hybrid.ts";
import { leadInsYield } from "../../src/retrieve/leadins.ts";

const hit = (id: string, sectionPath: string[], coverage: number, leadIn = false): ClauseHit => ({
  id,
  clause: {
    id,
    planId: id.split(":")[0]!,
    kind: leadIn ? "section" : "measure",
    measure: null,
    sectionPath,
    text: "",
    units: [],
    targets: [],
    span: { start: 0, end: 0 },
    ...(leadIn ? { leadIn } : {}),
  } as Clause,
  score: 0,
  lexical: null,
  vector: null,
  evidence: { matched: [], missing: [], strength: coverage, coverage, rareMatched: 0 },
});
const ids = (hits: ClauseHit[]) => hits.map((h) => h.id);

describe("a section's lead-in among the hits", () => {
  const open = ["一、服务", "（五）企业开办"];
  const tax = ["一、服务", "（六）纳税"];

  it("comes after the measures of its own section that were found", () => {
    const hits = [hit("p:1.5", open, 0.5, true), hit("p:9", tax, 0.5), hit("p:19", open, 0.2), hit("p:20", open, 0.1)];
    expect(ids(leadInsYield(hits))).toEqual(["p:9", "p:19", "p:20", "p:1.5"]);
  });

  it("leads where it says more of the question than every measure found", () => {
    const hits = [hit("p:1.5", open, 0.9, true), hit("p:9", tax, 0.5), hit("p:30", tax, 0.2)];
    expect(ids(leadInsYield(hits))).toEqual(["p:1.5", "p:9", "p:30"]);
  });

  it("yields to a measure of another section that says as much", () => {
    const hits = [hit("p:1.5", open, 0.5, true), hit("p:9", tax, 0.5), hit("p:30", tax, 0.2)];
    expect(ids(leadInsYield(hits))).toEqual(["p:9", "p:1.5", "p:30"]);
  });

  it("leads its own measures when it says the whole Chinese question and they say far less", () => {
    const hits = [hit("p:19", open, 0.5), hit("p:1.5", open, 1, true), hit("p:20", open, 0.5)];
    expect(ids(leadInsYield(hits, { wholeQuestionLeads: true }))).toEqual(["p:1.5", "p:19", "p:20"]);
    // Not when a measure says nearly as much, nor for a question whose concepts are a dictionary's plan terms.
    expect(ids(leadInsYield([hit("p:19", open, 0.8), hit("p:1.5", open, 1, true)], { wholeQuestionLeads: true }))).toEqual([
      "p:19",
      "p:1.5",
    ]);
    expect(ids(leadInsYield(hits))).toEqual(["p:19", "p:20", "p:1.5"]);
  });

  it("leaves hits without lead-ins as they are", () => {
    const hits = [hit("p:9", tax, 0.1), hit("p:19", open, 0.9)];
    expect(leadInsYield(hits)).toBe(hits);
  });
});

describe("reciprocalRankFusion beside documents", () => {
  it("gives a lead-in the rank of its place without pushing the documents after it down", () => {
    const ranking = [
      { doc: 7, score: 3 },
      { doc: 1, score: 2 },
      { doc: 2, score: 1 },
    ];
    const plain = reciprocalRankFusion([ranking.slice(1)]);
    const beside = reciprocalRankFusion([ranking], 60, (doc) => doc === 7);
    expect(beside.get(1)).toBeCloseTo(plain.get(1)!);
    expect(beside.get(2)).toBeCloseTo(plain.get(2)!);
    // At its place, just behind the document after it (tied with none), ahead of the one after that.
    expect(beside.get(7)).toBeCloseTo(1 / 61);
    expect(beside.get(7)!).toBeLessThan(beside.get(1)!);
    expect(beside.get(7)!).toBeGreaterThan(beside.get(2)!);
    expect(reciprocalRankFusion([ranking]).get(1)).toBeCloseTo(1 / 62);
  });
});
