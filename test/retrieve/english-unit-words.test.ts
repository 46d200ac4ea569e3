import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssistant } from "../../src/answer/assistant.ts";
import { loadConfig } from "../../src/config.ts";
import { buildIndex, type PolicyIndex } from "../../src/index/store.ts";
import { englishConcepts, englishTerms, englishUnitNames } from "../../src/retrieve/english.ts";

/** Units that share a word (发展, 服务) with others, and a role word (牵头) the dictionary also glosses "to mediate". */
const PLAN = `石桥区优化营商环境工作方案

一、要素保障

1. 组建商事调解组织，调解成功率达到60%以上。（牵头单位：区司法局；配合单位：区工商联）

2. 深化投资项目审批制度改革，推行容缺受理。（责任单位：区发展改革局）

3. 设立金融服务港，开展银企对接活动。（责任单位：区金融发展服务中心）

4. 推行政务服务“一网通办”，设立综合窗口。（责任单位：区行政服务中心）

5. 完善企业人才子女入学服务，实行“一站式”办理，提升人才生活便利度和办理速度。（责任单位：区教育局）

6. 建立政企沟通联席会议制度，由区发展改革局牵头，每季度召开一次。

7. 推行一业一证改革，覆盖餐饮、零售等8个行业。（责任单位：区市场监管局）
`;

let dir = "";
let index: PolicyIndex;
let assistant: ReturnType<typeof createAssistant>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "policy-test-unit-words-en-"));
  mkdirSync(join(dir, "corpus"));
  writeFileSync(join(dir, "corpus", "shiqiao-2024.txt"), PLAN);
  ({ index } = await buildIndex(loadConfig({ CORPUS_DIR: join(dir, "corpus"), DATA_DIR: join(dir, "data") })));
  assistant = createAssistant(index, { warm: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const read = (message: string) => assistant.understand({ message });

describe("a unit's role words are no dictionary topic", () => {
  it("reads 'mediation' as 调解, not as the role word 牵头 the dictionary also glosses 'to mediate'", () => {
    const terms = englishTerms(index, "Is there help with mediation?").flatMap((m) => m.terms);
    expect(terms).toContain("调解");
    expect(terms).not.toContain("牵头");
  });

  it("does not read 'lead' or 'bureau' in a unit question as topics", () => {
    const u = read("Which measures does the development and reform bureau lead?");
    const flat = englishConcepts(index, u).concepts.flat();
    expect(flat).not.toContain("牵头");
    expect(flat).not.toContain("办事处");
    // "reform" named the unit; it is not also a topic of its own.
    expect(flat).not.toContain("改革");
  });
});

describe("words whose dictionary senses are too loose to name a topic", () => {
  it("live (a live request) is not 生活, rate (rate the service) is not 速度", () => {
    const terms = (q: string) => englishTerms(index, q).flatMap((m) => m.terms);
    expect(terms("Do they answer a live request?")).not.toContain("生活");
    expect(terms("Can I rate the service?")).not.toContain("速度");
    expect(terms("How fast is the speed of handling?")).toContain("速度");
  });
});

describe("an English unit name reads the unit and its abbreviations, not units sharing a word", () => {
  it("development and reform bureau is not the financial development service centre", () => {
    const u = read("What does the development and reform bureau handle?");
    expect(u.units).toContain("区发展改革局");
    expect(u.units).not.toContain("区金融发展服务中心");
  });

  it("one word of a unit's name under another kind of head names no unit", () => {
    expect(englishUnitNames(index, "Is there a service team for new investors?").units).toEqual([]);
    expect(englishUnitNames(index, "What does the administrative service centre do?").units).toEqual(["区行政服务中心"]);
  });
});

describe("a head noun that asks for a unit is not the glossary's topic", () => {
  it("which office handles school enrollment: the topic is enrollment, not office space", () => {
    const u = read("Which office handles school enrollment for expat children?");
    const flat = englishConcepts(index, u).concepts.flat();
    expect(flat).toContain("子女入学");
    expect(flat).not.toContain("经营场所");
  });
});

describe("a follow-up with words of its own", () => {
  it("keeps the dictionary's reading of them when the glossary read none of the conversation", () => {
    const history = [
      { role: "user" as const, content: "Is there such a reform?" },
      { role: "assistant" as const, content: "Yes【shiqiao-2024:7】." },
    ];
    const u = assistant.understand({ message: "Which industries does it cover?", history });
    expect(u.followup).toBe(true);
    const flat = englishConcepts(index, u).concepts.flat();
    expect(flat).toContain("覆盖");
  });
});
