// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { failureBubble } from "../../src/web/widget/failure-view.ts";
import { contrastWithWhite, setupMessage } from "../../src/web/widget/setup.ts";
import { STRINGS } from "../../src/web/widget/strings.ts";

afterEach(() => vi.useRealTimers());

describe("failure bubbles", () => {
  it("hold the retry back while Retry-After runs, then retry the same question", () => {
    vi.useFakeTimers();
    const retry = vi.fn();
    const bubble = failureBubble(STRINGS.zh, "rate_limited", retry, 3);
    document.body.append(bubble);
    const button = bubble.querySelector<HTMLButtonElement>(".retry")!;
    expect(bubble.textContent).toContain("太频繁");
    expect([button.disabled, button.textContent]).toEqual([true, "3秒后可重试"]);
    vi.advanceTimersByTime(2000);
    expect(button.textContent).toBe("1秒后可重试");
    vi.advanceTimersByTime(1000);
    expect([button.disabled, button.textContent]).toEqual([false, "重试"]);
    button.click();
    expect(retry).toHaveBeenCalledOnce();
    expect(bubble.isConnected).toBe(false);
  });

  it("a setup problem is a note without retry, in the page's language", () => {
    const note = failureBubble(STRINGS.en, "origin", () => {});
    expect(note.className).toBe("msg bot setup");
    expect(note.querySelector(".retry")).toBeNull();
    expect(note.querySelector('a[href="tel:12345"]')).not.toBeNull();
    expect(note.textContent).not.toMatch(/[\u4e00-\u9fff]/);
  });
});

describe("setup notes for the web team", () => {
  it("say what to change", () => {
    const o = { api: "https://assistant.example", pageOrigin: "https://www.district.example", district: "黄浦", detail: "covered: 普陀区" };
    expect(setupMessage("origin", o)).toContain("Add this origin to WIDGET_ORIGINS");
    expect(setupMessage("origin", o)).toContain("https://www.district.example");
    expect(setupMessage("district", o)).toContain('data-district="黄浦"');
    expect(setupMessage("district", o)).toContain("covered: 普陀区");
  });
  it("accept an accent colour only when white text on it is readable", () => {
    expect(contrastWithWhite("#b4232a")).toBeGreaterThan(4.5);
    expect(contrastWithWhite("#ffcc00")).toBeLessThan(4.5);
  });
});
