import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, SCREENSHOTS, startHarness, type Harness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

async function openConsole(page: Page) {
  await page.goto(`${h.assistantOrigin}/console`);
  await page.locator("#unit-list button").first().waitFor({ state: "attached" });
}

async function searchFor(page: Page, question: string) {
  await page.locator("#q").fill(question);
  await page.locator("#q").press("Enter");
  await page.locator("#script-box").waitFor({ state: "visible" });
}

describe("operator console", () => {
  it("answers from the keyboard with one request, shows the read-out script complete and editable, copies it", async () => {
    const context = await h.browser.newContext({
      viewport: { width: 1280, height: 900 },
      permissions: ["clipboard-read", "clipboard-write"],
    });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on("request", (r) => requests.push(new URL(r.url()).pathname));
    await openConsole(page);
    await page.locator("h1").click();
    await page.keyboard.press("/");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("q");
    requests.length = 0;
    await page.keyboard.type("外籍人才办理工作许可要多久？");
    await page.keyboard.press("Enter");
    await page.locator("#script-box").waitFor({ state: "visible" });
    // One request, so one retrieval, per search: the answer brings its clauses.
    // (The unit contacts for the script are a lookup in the directory, not a search.)
    expect(requests.filter((p) => p.startsWith("/api/") && p !== "/api/contacts")).toEqual(["/api/chat"]);
    expect(await page.locator("#answer").innerText()).toContain("5天");
    expect(await page.locator("#clauses li").first().getAttribute("data-citation")).toBe("putuo-2021:86");
    // The script is visible before copying and has the figures and time limits of the whole clause.
    const script = await page.locator("#script").inputValue();
    expect(script).toContain("第86条");
    expect(script).toContain("预审5天+审查5天");
    expect(script).toContain("区科委");
    expect(script).toContain("021-5256 0000");
    await page.screenshot({ path: `${SCREENSHOTS}console-desktop.png` });

    // Shortcuts are plain keys outside text fields: Esc leaves the search box, C copies, E edits.
    await page.keyboard.press("Escape");
    await page.keyboard.press("KeyC");
    await expect.poll(() => page.locator("#copied").innerText()).toContain("已复制");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(script);
    await page.keyboard.press("KeyE");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("script");
    await page.keyboard.press("End");
    await page.keyboard.type("请问还有别的问题吗？");
    await page.keyboard.press("Escape");
    await page.keyboard.press("KeyC");
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain("请问还有别的问题吗？");
    await context.close();
  });

  it("builds the script from any listed clause the operator picks, filters clauses by unit, copies a citation id", async () => {
    const context = await h.browser.newContext({
      viewport: { width: 1280, height: 900 },
      permissions: ["clipboard-read", "clipboard-write"],
    });
    const page = await context.newPage();
    await openConsole(page);
    await searchFor(page, "注销");
    const items = page.locator("#clauses li");
    expect(await items.count()).toBeGreaterThan(1);
    const second = items.nth(1);
    const secondId = (await second.getAttribute("data-citation"))!;
    await second.locator(".use").click();
    const measure = secondId.split(":")[1];
    await expect.poll(() => page.locator("#script").inputValue()).toContain(`第${measure}条`);
    expect(await page.locator(`#clauses li[data-citation="${secondId}"] .use`).getAttribute("aria-pressed")).toBe("true");
    await page.locator(`#clauses li[data-citation="${secondId}"] .copy-id`).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secondId);

    const units = await page.locator("#unit-filter option").allInnerTexts();
    expect(units.length).toBeGreaterThan(2);
    await page.locator("#unit-filter").selectOption(units[units.length - 1]!);
    const filtered = await page.locator("#clauses li .units").allInnerTexts();
    expect(filtered.length).toBeGreaterThan(0);
    for (const u of filtered) expect(u).toContain(units[units.length - 1]!);
    await page.screenshot({ path: `${SCREENSHOTS}console-operator-flow.png` });
    await context.close();
  });

  it("on a refusal tells the operator what to do and never scripts 'call 12345'", async () => {
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openConsole(page);
    // A refusal as the assistant gives it (which questions are refused is the answer engine's business, tested there).
    await page.route("**/api/chat", (route) =>
      route.fulfill({
        json: {
          answer: "方案中没有找到相关规定。如需帮助，请拨打12345。",
          status: "not_found",
          lang: "zh",
          mode: "extractive",
          citations: [],
          confidence: 0.9,
          confidenceLevel: "high",
          alternatives: [],
        },
      }),
    );
    await searchFor(page, "如何申请公租房？");
    expect(await page.locator("#answer").getAttribute("class")).toBe("not-found");
    expect(await page.locator("#guidance").isVisible()).toBe(true);
    expect(await page.locator("#guidance").innerText()).toContain("记录");
    const script = await page.locator("#script").inputValue();
    expect(script).toContain("记录");
    expect(script).not.toContain("12345");
    await page.screenshot({ path: `${SCREENSHOTS}console-refusal.png` });
    await page.close();
  });

  it("on a low-confidence answer asks the operator to check the clause first, until another clause is picked", async () => {
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openConsole(page);
    await page.route("**/api/chat", async (route) => {
      const body = await (await route.fetch()).json();
      await route.fulfill({ json: { ...body, confidence: 0.2, confidenceLevel: "low" } });
    });
    await searchFor(page, "注销");
    expect(await page.locator("#answer .badge").innerText()).toContain("把握不大");
    expect(await page.locator("#guidance").innerText()).toContain("请先核对");
    await page.locator("#clauses li").nth(1).locator(".use").click();
    await expect.poll(() => page.locator("#guidance").isHidden()).toBe(true);
    await page.close();
  });

  it("shows only the newest search's reply, however late an older one arrives", async () => {
    const page = await h.browser.newPage();
    await openConsole(page);
    let n = 0;
    await page.route("**/api/chat", async (route) => {
      const mine = ++n;
      if (mine === 1) await new Promise((r) => setTimeout(r, 1500));
      await route.continue().catch(() => {});
    });
    await page.locator("#q").fill("电子印章由谁负责？");
    await page.locator("#q").press("Enter");
    await page.locator("#q").fill("外籍人才办理工作许可要多久？");
    await page.locator("#q").press("Enter");
    await expect.poll(() => page.locator("#answer").innerText()).toContain("5天");
    await page.waitForTimeout(2000);
    expect(await page.locator("#answer").innerText()).toContain("5天");
    expect(await page.locator("#clauses li").first().getAttribute("data-citation")).toBe("putuo-2021:86");
    await page.close();
  });

  it("records a wrong answer with the clause that was right; hides the action when feedback is not stored", async () => {
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openConsole(page);
    const feedback: unknown[] = [];
    let feedbackStatus = 201;
    await page.route("**/api/chat", async (route) => {
      const res = await route.fetch();
      const body = await res.json();
      await route.fulfill({ response: res, json: { ...body, answerId: "a-1" } });
    });
    await page.route("**/api/feedback", (route) => {
      feedback.push(route.request().postDataJSON());
      return route.fulfill({
        status: feedbackStatus,
        json:
          feedbackStatus === 201 ? { ok: true } : { error: { status: 404, code: "not_found", message: "POST /api/feedback not found" } },
      });
    });
    await searchFor(page, "注销");
    await page.locator("#mark-wrong").click();
    const right = page.locator("#clauses li").nth(1);
    const rightId = await right.getAttribute("data-citation");
    await right.locator(".right").click();
    await expect.poll(() => page.locator("#copied").innerText()).toContain("已记录");
    expect(feedback).toEqual([{ answerId: "a-1", rating: "down", clauseId: rightId }]);

    feedbackStatus = 404;
    await page.locator("#mark-wrong").click();
    await page.locator("#none-right").click();
    await expect.poll(() => page.locator("#mark-wrong").isHidden()).toBe(true);
    await page.close();
  });

  it("says errors in Chinese", async () => {
    const page = await h.browser.newPage();
    await openConsole(page);
    await page.route("**/api/chat", (route) =>
      route.fulfill({ status: 500, json: { error: { status: 500, code: "internal_error", message: "internal error" } } }),
    );
    await page.locator("#q").fill("电子印章由谁负责？");
    await page.locator("#q").press("Enter");
    await expect.poll(() => page.locator("#answer").innerText()).toContain("查询失败：服务出错");
    expect(await page.locator("#answer").innerText()).not.toMatch(/internal|error/i);
    await page.close();
  });

  it("switches panels with 1/2/3, finds a unit by name, shows a plan's metadata and outline", async () => {
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openConsole(page);
    await page.locator("h1").click();
    await page.keyboard.press("Digit3");
    expect(await page.locator("#panel-units").isVisible()).toBe(true);
    await page.locator("#unit-search").fill("金融");
    const visible = await page.locator("#unit-list li:not([hidden]) button").allInnerTexts();
    expect(visible.length).toBeGreaterThan(0);
    for (const v of visible) expect(v).toContain("金融");
    await page.locator('#unit-list button[data-unit="区金融办"]').click();
    await expect.poll(() => page.locator("#unit-detail [data-citation]").count()).toBe(3);
    expect(await page.locator("#unit-detail h2").innerText()).toContain("区金融办");

    await page.locator("h1").click();
    await page.keyboard.press("Digit2");
    await page.locator("#plan-list button").filter({ hasText: "普陀" }).click();
    await expect.poll(() => page.locator("#plan-outline .facts").innerText()).toContain("普委办发〔2021〕12号");
    expect(await page.locator("#plan-outline .facts").innerText()).toContain("2021-03-05");
    expect(await page.locator("#plan-outline .facts").innerText()).toContain("状态");
    await page.locator("#plan-list button").filter({ hasText: "徐汇" }).click();
    await expect.poll(() => page.locator("#plan-outline h3").count()).toBeGreaterThan(20);
    expect(await page.locator('#plan-outline [data-citation="xuhui-2023:2.1"]').innerText()).toContain("市场主体设立");
    expect(await page.locator("#plan-outline .facts").innerText()).toContain("2023-04-03");
    await page.close();
  });

  it("has no axe-core violations, before and after a search, and on the other panels", async () => {
    const context = await h.browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await openConsole(page);
    expect(await axeViolations(page)).toEqual([]);
    await searchFor(page, "电子印章由谁负责？");
    expect(await axeViolations(page)).toEqual([]);
    await page.locator("#tab-units").click();
    await page.locator('#unit-list button[data-unit="区金融办"]').click();
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it("is usable on a narrow screen", async () => {
    const page = await h.browser.newPage({ viewport: { width: 390, height: 800 } });
    await openConsole(page);
    await searchFor(page, "企业注销有什么便利措施？");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SCREENSHOTS}console-phone.png`, fullPage: false });
    await page.close();
  });

  it("serves the demo district page with the widget embedded, from its versioned URL", async () => {
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(`${h.assistantOrigin}/`);
    expect(await page.locator("script[data-district]").getAttribute("src")).toMatch(/^\/widget\.[0-9a-f]{10}\.js$/);
    await page.locator("#policy-assistant-widget .launcher").click();
    await page.locator("#policy-assistant-widget .welcome .ask").first().click();
    const bubble = page.locator("#policy-assistant-widget .msg.bot:not(.welcome)").first();
    await expect.poll(() => bubble.getAttribute("aria-busy"), { timeout: 10000 }).toBe("false");
    expect(await bubble.locator(".chip").count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SCREENSHOTS}demo-page.png` });
    expect(errors).toEqual([]);
    await page.close();
  });
});
