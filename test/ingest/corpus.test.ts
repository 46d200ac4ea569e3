import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLAN_FIXTURES } from "../../eval/structure.ts";
import { type CorpusLoad, corpusHashes, loadCorpus } from "../../src/ingest/corpus.ts";
import { MAX_PLAN_FILE_BYTES } from "../../src/ingest/corpus.ts";
import { decodeText, readHtml } from "../../src/ingest/read.ts";
import { ingestReport, warningLine } from "../../src/ingest/report.ts";
import { parseText, roles } from "./helpers.ts";

const PLAN = "临江区优化营商环境行动方案\n一、总体要求\n1. 推行企业开办一日办结。（责任单位：区市场监管局）\n";

describe("a corpus folder of every kind of file", () => {
  const dir = mkdtempSync(join(tmpdir(), "corpus-kinds-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const pdf = "滨河区人民政府办公室关于印发滨河区进一步优化营商环境实施方案的通知.pdf";
  copyFileSync(join(PLAN_FIXTURES, pdf), join(dir, pdf));
  // The same plan twice under other names: the second never takes the first one's id.
  copyFileSync(join(PLAN_FIXTURES, pdf), join(dir, "下载 (1).pdf"));
  copyFileSync(join(PLAN_FIXTURES, "qingshan-2024.txt"), join(dir, "青山区任务清单.txt"));
  writeFileSync(join(dir, "contacts.json"), '{"units": []}');
  writeFileSync(join(dir, "old.doc"), "\u00d0\u00cf\u0011\u00e0 binary");
  writeFileSync(join(dir, "broken.docx"), "PK not really a zip");
  writeFileSync(join(dir, "scan.pdf"), "%PDF-1.4 nothing readable");
  writeFileSync(join(dir, "minutes-2024.txt"), "会议纪要\n今天讨论了营商环境工作，大家发言踊跃。\n");
  writeFileSync(join(dir, "huge-2024.txt"), Buffer.alloc(MAX_PLAN_FILE_BYTES + 1, 0x41));
  let corpus: CorpusLoad;
  beforeAll(async () => {
    corpus = await loadCorpus(dir);
  });

  it("indexes the readable plans with ids made from the document when the file name is not one", () => {
    expect(corpus.plans.map((p) => p.meta.id).sort()).toEqual(["binhe-2-2024", "binhe-2024", "qingshan-2024"]);
    expect(corpus.plans.find((p) => p.meta.id === "qingshan-2024")?.meta.source).toEqual({ file: "青山区任务清单.txt", type: "txt" });
  });

  it("says what each file that is not a plan is, and gives each unreadable file one line with what to do", () => {
    expect(corpus.skipped.map((s) => s.file)).toEqual(["corpus-kinds/contacts.json".replace("corpus-kinds", dir.split("/").at(-1)!)]);
    const lines = corpus.errors.map((e) => e.message.replace(/^[^/]+\//, ""));
    expect(lines).toEqual([
      expect.stringMatching(/^broken\.docx:1: not a readable \.docx .*save it again as \.docx$/),
      expect.stringMatching(/^huge-2024\.txt:1: 5\.0 MB, over the 5\.0 MB limit for a plan file; not indexed: split it/),
      expect.stringMatching(/^minutes-2024\.txt:1: no parts .* not a plan, not indexed$/),
      expect.stringMatching(/^old\.doc:1: unsupported file type "\.doc": save the plan as \.pdf, \.docx/),
      expect.stringMatching(/^scan\.pdf:1: not a readable PDF/),
    ]);
  });

  it("prints a report row per plan and a line per skipped or failed file", () => {
    const report = ingestReport(corpus);
    expect(report).toMatch(/^id +title +type +measures +with units +targets +deadlines +warnings$/m);
    expect(report).toMatch(/^binhe-2024 +滨河区进一步优化营商环境实施方案 +pdf +15 +15 +12 +5 +0$/m);
    expect(report).toMatch(/skipped .*contacts\.json: unit contact directory .*\(nothing lost\)/);
    expect(report.split("\n").filter((l) => l.startsWith("not indexed"))).toHaveLength(5);
  });

  it("hashes plans and unreadable files but not the contact directory", () => {
    expect(Object.keys(corpusHashes(dir))).not.toContain("contacts.json");
    expect(Object.keys(corpusHashes(dir))).toContain("old.doc");
  });
});

describe("text encodings", () => {
  it("decodes GB18030 and UTF-16 text instead of rejecting it", () => {
    const gb = Buffer.from([0xc1, 0xd9, 0xbd, 0xad, 0xc7, 0xf8]); // 临江区 in GB18030
    expect(decodeText("x.txt", gb)).toBe("临江区");
    expect(decodeText("x.txt", Buffer.from("\ufeff临江区", "utf16le"))).toBe("临江区");
    expect(decodeText("x.txt", Buffer.from("临江区"))).toBe("临江区");
  });
});

describe("web pages", () => {
  it("reads the article body, not the navigation or footer, and the CMS metadata table", () => {
    const { text, hints } = readHtml(
      `<html><body><div class="nav"><a>首页</a><a>政务公开</a></div><table><tr><td>文号：</td><td>临府办〔2024〕3号</td><td>成文日期：</td><td>2024年3月1日</td></tr></table>
       <div id="zoom"><p>临江区优化营商环境行动方案</p><p>一、总体要求</p><p>1. 推行企业开办一日办结，全面提升政务服务效能和企业满意度，持续打造一流营商环境，让经营主体办事更便利、更舒心、更高效，形成一批可复制推广的经验。（责任单位：区市场监管局）</p></div>
       <div class="footer">主办单位：临江区人民政府办公室</div></body></html>`,
    );
    expect(text.split("\n")[0]).toBe("临江区优化营商环境行动方案");
    expect(text).not.toMatch(/首页|主办单位/);
    expect(hints).toMatchObject({ docNumber: "临府办〔2024〕3号", issueDate: "2024-03-01" });
  });
});

describe("a task table in a web page", () => {
  it("makes each row a measure with its units, roles and deadline", () => {
    const { text, hints } = readHtml(
      `<html><body><div class="article-content"><p>临江区2024年营商环境改革任务清单</p><p>标注（牵头）的为牵头单位，其余为配合单位，各单位要按照时限要求抓好落实并及时报送工作进展情况。</p>
       <table><tr><th>序号</th><th>改革任务</th><th>责任单位</th><th>完成时限</th></tr>
       <tr><td colspan="4">一、政务服务</td></tr>
       <tr><td>1</td><td>推行企业开办一日办结。</td><td>区市场监管局（牵头）、区税务局</td><td>2024年6月底前</td></tr>
       <tr><td>2</td><td>设立办不成事反映窗口。</td><td>区政务服务中心</td><td>长期坚持</td></tr></table></div></body></html>`,
    );
    const { clauses } = parseText(text, "linjiang-2024");
    expect(hints?.title).toBe(undefined);
    expect(clauses.filter((c) => c.kind === "measure").map((c) => [c.id, c.text, roles(c), c.deadline])).toEqual([
      [
        "linjiang-2024:1",
        "推行企业开办一日办结。",
        ["区市场监管局:lead", "区税务局:support"],
        { text: "2024年6月底前", date: "2024-06-30" },
      ],
      ["linjiang-2024:2", "设立办不成事反映窗口。", ["区政务服务中心:responsible"], { text: "长期坚持", date: null }],
    ]);
  });
});

describe("line numbers and pages", () => {
  it("counts lines as an editor does: a form feed starts a page, not a line", () => {
    const raw = `${PLAN}2. 推进。（责任单位：区府办）\n\f4. 推进。（责任单位：区府办）\n`;
    expect(parseText(raw, "linjiang-2024").warnings).toEqual([{ line: 5, message: "measure 4 follows measure 2" }]);
  });

  it("reports a PDF warning by page", () => {
    expect(warningLine({ file: "corpus/a.pdf", line: 40, page: 3, message: "measure 4 follows measure 2" })).toBe(
      "corpus/a.pdf:p.3: measure 4 follows measure 2",
    );
  });
});

describe("titles", () => {
  it("never rejects a plan for its title: the best candidate, with a warning", () => {
    const { plan, warnings } = parseText("临江区2024年优化营商环境重点工作\n一、总体要求\n1. 推进。（责任单位：区府办）", "linjiang-2024");
    expect(plan.meta.title).toBe("临江区2024年优化营商环境重点工作");
    expect(warnings).toEqual([{ line: 1, message: "no line reads like a plan title; using “临江区2024年优化营商环境重点工作”" }]);
  });

  it("reads a title that ends with a period, 工作要点 or 任务清单", () => {
    for (const title of [
      "临江区优化营商环境三年行动方案（2024—2026年）",
      "临江区2024年优化营商环境工作要点",
      "临江区营商环境改革任务清单",
    ]) {
      expect(parseText(`${title}\n一、总体要求\n1. 推进。（责任单位：区府办）`, "linjiang-2024").plan.meta.title).toBe(title);
    }
  });
});
