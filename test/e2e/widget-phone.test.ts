import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, SCREENSHOTS, startHarness, type Harness } from "./harness.ts";
import { askAndWait, inShadow, openWidget, W } from "./widget-helpers.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const PHONE = { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;

describe("the widget on a phone", () => {
  it("takes the whole screen, keeps focus inside, stops the page scrolling, and has a 16px input and 44px targets", async () => {
    const context = await h.browser.newContext({ ...PHONE, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(h.hostOrigin);
    await openWidget(page);
    const box = (await page.locator(`${W} [role=dialog]`).boundingBox())!;
    expect(box).toMatchObject({ x: 0, y: 0, width: 375, height: 740 });
    expect(await page.locator(`${W} [role=dialog]`).getAttribute("aria-modal")).toBe("true");
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).overflow)).toBe("hidden");
    const bubble = await askAndWait(page, "区科委负责哪些措施？");
    // The long answer opens at its start: its question is at the top of the log.
    const { questionTop, logTop } = await inShadow(page, (root) => ({
      questionTop: Array.from(root.querySelectorAll(".msg.user")).at(-1)!.getBoundingClientRect().top,
      logTop: root.querySelector(".log")!.getBoundingClientRect().top,
    }));
    expect(questionTop - logTop).toBeLessThan(40);
    expect(questionTop - logTop).toBeGreaterThanOrEqual(0);

    const sizes = await inShadow(page, (root) => ({
      input: getComputedStyle(root.querySelector("textarea")!).fontSize,
      small: Array.from(root.querySelectorAll(".panel button"))
        .filter((b) => (b as HTMLElement).offsetParent !== null)
        .map((b) => [(b as HTMLElement).innerText, b.getBoundingClientRect().height] as const)
        .filter(([, hgt]) => hgt < 44),
    }));
    expect(sizes).toEqual({ input: "16px", small: [] });

    // Tab never leaves the panel, forwards or backwards.
    for (const key of ["Tab", "Shift+Tab"]) {
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press(key);
        expect(await inShadow(page, (root) => !!root.activeElement && !!root.activeElement.closest(".panel"))).toBe(true);
      }
    }
    await page.screenshot({ path: `${SCREENSHOTS}widget-phone.png` });
    expect(await axeViolations(page)).toEqual([]);
    expect(await bubble.locator(".chip").count()).toBeGreaterThan(0);
    await page.locator(`${W} .close`).click();
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).overflow)).not.toBe("hidden");
    await context.close();
  });

  it("is in English throughout in English mode, with lang on the answer", async () => {
    const page = await h.browser.newPage(PHONE);
    await page.goto(`${h.hostOrigin}/?lang=en`);
    await openWidget(page);
    await expect.poll(() => page.locator(`${W} .welcome .ask`).count()).toBeGreaterThan(0);
    const bubble = await askAndWait(page, "Who handles electronic seals?");
    expect(await bubble.getAttribute("lang")).toBe("en");
    expect(await bubble.locator(".text").innerText()).toContain("District Science and Technology Commission (区科委)");
    await bubble.locator(".chip").first().click();
    // Everything but the quoted clause and the units' own names (in brackets) is English, with ASCII punctuation.
    const chrome = await inShadow(page, (root) => {
      const parts = [
        root.querySelector(".head")!.textContent,
        root.querySelector(".welcome")!.textContent,
        root.querySelector("form")!.textContent,
        root.querySelector("textarea")!.getAttribute("placeholder"),
        root.querySelector(".foot")!.textContent,
        ...Array.from(root.querySelectorAll(".chip, .act, .label, .badge, .clause h3, .suggest .ask")).map((n) => n.textContent),
      ];
      return parts.join("\n");
    });
    expect(chrome.match(new RegExp(CJK.source, "g")) ?? []).toEqual([]);
    expect(chrome).toContain("Putuo District · Measure 17");
    await page.screenshot({ path: `${SCREENSHOTS}widget-english.png` });
    await page.close();
  });

  it("leaves most of the screen to the messages in landscape and at 200% zoom", async () => {
    for (const [name, viewport, scale] of [
      ["landscape", { width: 740, height: 360 }, 2],
      ["zoom-200", { width: 640, height: 400 }, 2],
    ] as const) {
      const page = await h.browser.newPage({ viewport, deviceScaleFactor: scale, hasTouch: true });
      await page.goto(h.hostOrigin);
      await openWidget(page);
      const log = (await page.locator(`${W} .log`).boundingBox())!;
      expect(log.height / viewport.height, name).toBeGreaterThan(0.55);
      if (name === "landscape") await page.screenshot({ path: `${SCREENSHOTS}widget-landscape.png` });
      await page.close();
    }
  });

  it("follows the page's root font size (sizes in rem)", async () => {
    const page = await h.browser.newPage();
    await page.goto(h.hostOrigin);
    await openWidget(page);
    const before = await inShadow(page, (root) => Number.parseFloat(getComputedStyle(root.querySelector(".panel")!).fontSize));
    await page.addStyleTag({ content: "html { font-size: 24px }" });
    const after = await inShadow(page, (root) => Number.parseFloat(getComputedStyle(root.querySelector(".panel")!).fontSize));
    expect(after / before).toBeCloseTo(1.5, 1);
    await page.close();
  });
});

describe("starter questions on the real plans", () => {
  it("are drawn from each district's own plans and answered from them, in both languages", async () => {
    for (const district of ["普陀", "徐汇区"])
      for (const lang of ["zh", "en"]) {
        const config = await (await fetch(`${h.assistantOrigin}/api/widget/config?${new URLSearchParams({ district, lang })}`)).json();
        expect(config.starters.length, `${district} ${lang}`).toBe(3);
        for (const message of config.starters) {
          const res = await fetch(`${h.assistantOrigin}/api/chat`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ message, district: config.districts[0].name }),
          });
          const answer = await res.json();
          expect(answer.status, message).toBe("answered");
          expect(answer.citations[0].district, message).toBe(config.districts[0].name);
        }
      }
  });
});
