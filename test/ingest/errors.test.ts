import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PlanParseError } from "../../src/errors.ts";
import { type CorpusLoad, loadCorpus } from "../../src/ingest/corpus.ts";
import { parsePlan } from "../../src/ingest/parse.ts";
import { FIXTURES, parseText } from "./helpers.ts";

function parseError(raw: string): PlanParseError {
  try {
    parsePlan({ planId: "broken-2024", file: "corpus/broken-2024.txt", raw });
  } catch (err) {
    if (err instanceof PlanParseError) return err;
    throw err;
  }
  throw new Error("expected a PlanParseError");
}

describe("broken plan files", () => {
  it.each([
    ["an empty file", "", 1, /empty/],
    ["a file of blank lines", "\uFEFF\n  \n\u3000\n", 1, /empty/],
    ["binary data", "上海市某区行动方案\n一、总体\n\u0000\u0001PK", 3, /binary/],
    ["invalid UTF-8", Buffer.from([...Buffer.from("某区行动方案\n一、总体\n"), 0xc4, 0xe3, 0xba]).toString("utf8"), 3, /UTF-8/],
    ["text with no structure", "上海市某区行动方案\n为优化营商环境，制定本方案。", 1, /no parts/],
    ["a plan with no title and no district", "一、总体要求\n坚持问题导向。", 1, /title/],
  ])("reports %s with file and line", (_, raw, line, message) => {
    const err = parseError(raw);
    expect(err).toMatchObject({ file: "corpus/broken-2024.txt", line, code: "plan_parse_error" });
    expect(err.message).toMatch(message);
    expect(err.message.startsWith(`corpus/broken-2024.txt:${line}: `)).toBe(true);
  });
});

describe("numbering warnings", () => {
  const plan = (numbers: number[]) =>
    `上海市某区行动方案\n一、总体\n${numbers.map((n) => `${n}. 推进第${n}项工作。（责任单位：区府办）`).join("\n")}`;

  it("warns about a gap with the line of the measure after it", () => {
    expect(parseText(plan([1, 2, 4, 5])).warnings).toEqual([{ line: 5, message: "measure 4 follows measure 2" }]);
  });

  it("warns about a repeated number without mistaking it for per-section numbering", () => {
    const { warnings, clauses } = parseText(plan([1, 2, 2, 3]));
    expect(warnings).toEqual([{ line: 5, message: "measure 2 follows measure 2" }]);
    expect(clauses.map((c) => c.id)).toEqual(["test-2024:1", "test-2024:2", "test-2024:1.2", "test-2024:3"]);
  });

  it("warns when a restarting section does not start at 1", () => {
    const raw = "上海市某区行动计划\n一、总体\n（一）甲\n（1）推进。\n（2）推进。\n（二）乙\n（1）推进。\n（三）丙\n（3）推进。";
    expect(parseText(raw).warnings).toEqual([{ line: 9, message: "section starts at measure 3" }]);
  });
});

describe("loadCorpus with broken files", () => {
  const dir = mkdtempSync(join(tmpdir(), "corpus-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  copyFileSync(join(FIXTURES, "paren-2023.txt"), join(dir, "changning-2023.txt"));
  writeFileSync(join(dir, "empty-2020.txt"), "");
  copyFileSync(join(FIXTURES, "lead-2022.txt"), join(dir, "jiading-2022.txt"));
  writeFileSync(join(dir, "jiading-2022.meta.json"), '{\n  "district": "嘉定区",\n  "title": "x"\n  "city": "上海市"\n}\n');
  copyFileSync(join(FIXTURES, "sections-2022.txt"), join(dir, "jingan-2022.txt"));
  writeFileSync(join(dir, "jingan-2022.meta.json"), '{\n  "district": "静安区",\n  "distrct": "typo"\n}\n');
  let result: CorpusLoad;
  beforeAll(async () => {
    result = await loadCorpus(dir);
  });
  const where = (e: PlanParseError) => `${e.file.split("/").at(-1)}:${e.line}`;

  it("still loads the good plan", () => {
    expect(result.plans.map((p) => p.meta.id)).toEqual(["changning-2023"]);
  });

  it("reports each broken file by name and line", () => {
    expect(result.errors.map(where)).toEqual(["empty-2020.txt:1", "jiading-2022.meta.json:4", "jingan-2022.meta.json:3"]);
    expect(result.errors[1]?.message).toMatch(/invalid JSON/);
    expect(result.errors[2]?.message).toMatch(/distrct/);
  });

  it("hashes every file, broken or not", () => {
    expect(Object.keys(result.hashes).sort()).toEqual([
      "changning-2023.txt",
      "empty-2020.txt",
      "jiading-2022.meta.json",
      "jiading-2022.txt",
      "jingan-2022.meta.json",
      "jingan-2022.txt",
    ]);
  });
});
