import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { actualMeasure, expectations } from "../../eval/structure.ts";
import { parsePlan } from "../../src/ingest/parse.ts";
import { planClauses } from "../../src/plan/clauses.ts";
import { FIXTURES } from "./helpers.ts";

describe("a task table as poppler's pdftotext prints it", () => {
  // `pdftotext` (poppler 22) of the 江北区 fixture PDF: cells of a row side by side where they line up,
  // wrapped cells continuing on the lines below, a 文号 running header between rows.
  const raw = readFileSync(join(FIXTURES, "jiangbei-pdftotext.txt"), "utf8");
  const { plan, warnings } = parsePlan({ planId: "jiangbei-2024", file: "jiangbei-pdftotext.txt", raw, type: "txt" });
  const expected = expectations().find((e) => e.planId === "jiangbei-2024")!;

  it("gives each row its own task, units with roles and deadline, never another row's", () => {
    expect(warnings).toEqual([]);
    const measures = planClauses(plan)
      .filter((c) => c.kind === "measure")
      .map((c) => actualMeasure(c, c.deadline));
    expect(measures).toEqual(expected.measures);
  });
});
