import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCREENSHOTS, startHarness, type Harness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe("operator console", () => {
  it("answers from the keyboard, lists matching clauses and copies a caller script", async () => {
    const context = await h.browser.newContext({
      viewport: { width: 1280, height: 900 },
      permissions: ["clipboard-read", "clipboard-write"],
    });
    const page = await context.newPage();
    await page.goto(`${h.assistantOrigin}/console`);
    await page.locator("#unit-list button").first().waitFor({ state: "attached" });
    await page.locator("h2").first().click();
    await page.keyboard.press("/");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("q");
    await page.keyboard.type("外籍人才办理工作许可要多久？");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#clauses li").count()).toBeGreaterThan(0);
    expect(await page.locator("#answer").innerText()).toContain("5天");
    expect(await page.locator("#clauses li").first().getAttribute("data-citation")).toBe("putuo-2021:86");
    await page.screenshot({ path: `${SCREENSHOTS}console-desktop.png` });

    await page.keyboard.press("Alt+C");
    await expect.poll(() => page.locator("#copied").innerText()).toContain("已复制");
    const script = await page.evaluate(() => navigator.clipboard.readText());
    expect(script).toContain("第86条");
    expect(script).toContain("区科委");
    await context.close();
  });

  it("lists responsible units with their measures and browses a plan by section", async () => {
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${h.assistantOrigin}/console`);
    await page.locator("#unit-list button").first().waitFor({ state: "attached" });
    await page.keyboard.press("Alt+3");
    await page.locator('#unit-list button[data-unit="区金融办"]').click();
    await expect.poll(() => page.locator("#unit-detail [data-citation]").count()).toBe(3);
    expect(await page.locator("#unit-detail h2").innerText()).toContain("区金融办");

    await page.keyboard.press("Alt+2");
    await page.locator("#plan-list button").filter({ hasText: "徐汇" }).click();
    await expect.poll(() => page.locator("#plan-outline h3").count()).toBeGreaterThan(20);
    expect(await page.locator('#plan-outline [data-citation="xuhui-2023:2.1"]').innerText()).toContain("市场主体设立");
    await page.close();
  });

  it("is usable on a narrow screen", async () => {
    const page = await h.browser.newPage({ viewport: { width: 390, height: 800 } });
    await page.goto(`${h.assistantOrigin}/console`);
    await page.locator("#q").fill("企业注销有什么便利措施？");
    await page.locator("#search button[type=submit]").click();
    await expect.poll(() => page.locator("#clauses li").count()).toBeGreaterThan(0);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SCREENSHOTS}console-phone.png`, fullPage: false });
    await page.close();
  });

  it("serves the demo district page with the widget embedded", async () => {
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(`${h.assistantOrigin}/`);
    await page.locator("#policy-assistant-widget .launcher").click();
    await page.locator("#policy-assistant-widget .starters button").first().click();
    await expect
      .poll(() => page.locator("#policy-assistant-widget .msg.bot").first().getAttribute("aria-busy"), { timeout: 10000 })
      .toBe("false");
    expect(await page.locator("#policy-assistant-widget .msg.bot").first().innerText()).toContain("区科委");
    await page.screenshot({ path: `${SCREENSHOTS}demo-page.png` });
    expect(errors).toEqual([]);
    await page.close();
  });
});
