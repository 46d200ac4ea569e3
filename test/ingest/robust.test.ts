import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PLAN_FIXTURES } from "../../eval/structure.ts";
import { PlanParseError } from "../../src/errors.ts";
import { parsePlan } from "../../src/ingest/parse.ts";
import { decodeText } from "../../src/ingest/read.ts";
import { planClauses } from "../../src/plan/clauses.ts";

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function rng(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

const texts = readdirSync(PLAN_FIXTURES)
  .filter((f) => /\.(?:txt|md)$/.test(f) && f !== "README.md")
  .map((f) => decodeText(f, readFileSync(join(PLAN_FIXTURES, f))));
const lines = texts.flatMap((t) => t.split("\n"));
const ODD = [
  "\u0000",
  "\uFFFD",
  "\u200b",
  "\t\t\t",
  "（",
  "）",
  "第",
  "序号",
  "1",
  "\f",
  "𠀀",
  "🙂",
  "\u202e",
  "责任单位：",
  "牵头单位:",
  "附件",
  "—",
  "2024年",
];

describe("the parser on damaged input", () => {
  it("either parses or reports a PlanParseError, for shuffled, cut and spliced plan lines", () => {
    const random = rng(42);
    for (let run = 0; run < 150; run++) {
      const picked = Array.from({ length: 5 + Math.floor(random() * 60) }, () => {
        const line = lines[Math.floor(random() * lines.length)]!;
        const cut = Math.floor(random() * line.length);
        const r = random();
        if (r < 0.2) return line.slice(0, cut);
        if (r < 0.3) return line.slice(0, cut) + ODD[Math.floor(random() * ODD.length)] + line.slice(cut);
        return line;
      });
      try {
        const { plan } = parsePlan({
          planId: "fuzz-2024",
          file: "fuzz.txt",
          raw: picked.join(random() < 0.5 ? "\n" : "\r\n"),
          type: "txt",
        });
        const ids = planClauses(plan).map((c) => c.id);
        expect(new Set(ids).size, `run ${run}`).toBe(ids.length);
      } catch (err) {
        expect(err, `run ${run}: ${(err as Error).stack}`).toBeInstanceOf(PlanParseError);
      }
    }
  });
});
