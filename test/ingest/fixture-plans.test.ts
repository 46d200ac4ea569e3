import { beforeAll, describe, expect, it } from "vitest";
import { actualMeasure, expectations, PLAN_FIXTURES } from "../../eval/structure.ts";
import { type CorpusLoad, loadCorpus } from "../../src/ingest/corpus.ts";
import { planClauses } from "../../src/plan/clauses.ts";

/** Every fixture plan (one per shape and file type) parses to exactly its expected measures and metadata. */
const plans = expectations();
let corpus: CorpusLoad;
beforeAll(async () => {
  corpus = await loadCorpus(PLAN_FIXTURES);
});

describe.each(plans.map((p) => [p.file, p] as const))("%s", (file, expected) => {
  const plan = () => corpus.plans.find((p) => p.meta.source?.file === file)!;

  it("is read without errors or warnings, under the expected id", () => {
    expect(corpus.errors.filter((e) => e.file.endsWith(file))).toEqual([]);
    expect(corpus.warnings.filter((w) => w.file.endsWith(file))).toEqual([]);
    expect(plan().meta.id).toBe(expected.planId);
  });

  it("reads its metadata from the document", () => {
    expect(plan().meta).toMatchObject(expected.meta);
  });

  it("has every measure with its id, opening, units and roles, targets and deadline", () => {
    const measures = planClauses(plan())
      .filter((c) => c.kind === "measure")
      .map((c) => actualMeasure(c, c.deadline));
    expect(measures).toEqual(expected.measures);
  });

  it("gives every citable unit a distinct id", () => {
    const ids = planClauses(plan()).map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("the fixture corpus", () => {
  it("covers every file type", () => {
    expect(new Set(corpus.plans.map((p) => p.meta.source?.type))).toEqual(new Set(["txt", "md", "pdf", "docx", "html"]));
  });
});
