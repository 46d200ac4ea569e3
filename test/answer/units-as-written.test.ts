import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLAN_FIXTURES } from "../../eval/structure.ts";
import { type Assistant, createAssistant } from "../../src/answer/assistant.ts";
import { loadConfig } from "../../src/config.ts";
import { buildIndex } from "../../src/index/store.ts";

describe("units of another district's plan", () => {
  const dir = mkdtempSync(join(tmpdir(), "units-as-written-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let assistant: Assistant;
  beforeAll(async () => {
    mkdirSync(join(dir, "corpus"));
    copyFileSync(join(PLAN_FIXTURES, "linjiang-2024.txt"), join(dir, "corpus", "linjiang-2024.txt"));
    const { index } = await buildIndex(loadConfig({ CORPUS_DIR: join(dir, "corpus"), DATA_DIR: join(dir, "data") }));
    assistant = createAssistant(index);
  });

  it("are found by a question naming them and answered with the plan's own name, not a Shanghai alias", async () => {
    const a = await assistant.ask({ message: "临江区的区政务服务中心负责哪些工作？" });
    expect(a.answer.startsWith("区政务服务中心在《临江区优化营商环境三年行动方案（2024—2026年）》中负责")).toBe(true);
    expect(a.answer).not.toContain("区行政服务中心");
    expect(a.citations.map((c) => c.id)).toContain("linjiang-2024:2");
    expect(a.citations[0]?.units.find((u) => u.name === "区政务服务中心")).toMatchObject({ nameEn: null });
  });
});
