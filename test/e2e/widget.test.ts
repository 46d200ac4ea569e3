import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { SCREENSHOTS, startHarness, type Harness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const widget = "#policy-assistant-widget";

async function openWidget(page: Page) {
  await page.locator(`${widget} .launcher`).click();
  await expect.poll(() => page.locator(`${widget} textarea`).isVisible()).toBe(true);
}

async function askAndWait(page: Page, question: string) {
  const count = await page.locator(`${widget} .msg.bot`).count();
  await page.locator(`${widget} textarea`).fill(question);
  await page.keyboard.press("Enter");
  const bubble = page.locator(`${widget} .msg.bot`).nth(count);
  await expect.poll(() => bubble.getAttribute("aria-busy"), { timeout: 10000 }).toBe("false");
  return bubble;
}

describe("embedded chat widget (another origin)", () => {
  it("streams a cited answer, opens a clause and resolves a follow-up with history", async () => {
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 860 } });
    const bodies: unknown[] = [];
    page.on("request", (r) => {
      if (r.url().endsWith("/api/chat/stream")) bodies.push(JSON.parse(r.postData() ?? "{}"));
    });
    await page.goto(h.hostOrigin);
    await openWidget(page);
    // The host page styles buttons lime and spaces letters; none of it may reach the widget.
    const look = await page.evaluate(() => {
      const root = document.querySelector("#policy-assistant-widget")!.shadowRoot!;
      const title = getComputedStyle(root.querySelector("h2")!);
      const send = getComputedStyle(root.querySelector("form button")!);
      return { letterSpacing: title.letterSpacing, sendBackground: send.backgroundColor, sendFont: send.fontSize };
    });
    expect(look).toEqual({ letterSpacing: "normal", sendBackground: "rgb(180, 35, 42)", sendFont: "14px" });

    const first = await askAndWait(page, "电子印章由谁负责？");
    await expect.poll(() => first.innerText()).toContain("区科委");
    const chips = first.locator(".chip");
    expect(await chips.count()).toBeGreaterThan(0);
    expect(await chips.first().getAttribute("data-citation")).toBe("putuo-2021:17");
    await chips.first().click();
    const clause = first.locator(".clause").first();
    expect(await clause.isVisible()).toBe(true);
    expect(await clause.innerText()).toContain("启动区电子印章公共服务平台");
    await page.screenshot({ path: `${SCREENSHOTS}widget-desktop.png` });

    const second = await askAndWait(page, "那徐汇区呢？");
    expect(await second.locator(".chip").first().getAttribute("data-citation")).toMatch(/^xuhui-2023:/);
    expect(bodies.at(-1)).toMatchObject({
      message: "那徐汇区呢？",
      district: "普陀区",
      history: [{ role: "user", content: "电子印章由谁负责？" }, { role: "assistant" }],
    });
    await page.close();
  });

  it("renders markup in questions and answers as text, never as HTML", async () => {
    const page = await h.browser.newPage();
    const evil = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`;
    // A hostile answer stream: the widget must show it as text.
    await page.route(`${h.assistantOrigin}/api/chat/stream`, (route) =>
      route.fulfill({
        status: 200,
        headers: { "Content-Type": "text/event-stream", "Access-Control-Allow-Origin": h.hostOrigin },
        body: [
          `event: v1.delta\ndata: ${JSON.stringify({ text: evil })}\n\n`,
          `event: v1.citations\ndata: ${JSON.stringify({ citations: [{ id: "putuo-2021:17", planId: "putuo-2021", planTitle: `<b onmouseover=alert(1)>T</b>`, district: "普陀区", measure: 17, sectionPath: ["<i>x</i>"], units: [{ name: "<img src=y onerror=window.__xss=3>", nameEn: null, role: "responsible" }], text: evil }] })}\n\n`,
          `event: v1.done\ndata: ${JSON.stringify({ answer: evil, status: "answered", lang: "zh", mode: "extractive", citations: [] })}\n\n`,
        ].join(""),
      }),
    );
    await page.goto(h.hostOrigin);
    await openWidget(page);
    const bubble = await askAndWait(page, evil);
    await bubble.locator(".chip").first().click();
    expect(await bubble.innerText()).toContain("<img src=x onerror=");
    const injected = await page.evaluate(() => {
      const root = document.querySelector("#policy-assistant-widget")!.shadowRoot!;
      return {
        img: root.querySelectorAll(".log img, .log script, .log b, .log i").length,
        xss: (window as unknown as { __xss?: number }).__xss ?? null,
      };
    });
    expect(injected).toEqual({ img: 0, xss: null });
    await page.close();
  });

  it("works with the keyboard alone and keeps focus where it belongs", async () => {
    const page = await h.browser.newPage();
    await page.goto(h.hostOrigin);
    await page.locator(`${widget} .launcher`).waitFor();
    await page.focus("#host-link");
    await page.keyboard.press("Tab");
    const active = () =>
      page.evaluate(() => document.querySelector("#policy-assistant-widget")!.shadowRoot!.activeElement?.className ?? null);
    expect(await active()).toBe("launcher");
    await page.keyboard.press("Enter");
    await expect
      .poll(() => page.evaluate(() => document.querySelector("#policy-assistant-widget")!.shadowRoot!.activeElement?.tagName))
      .toBe("TEXTAREA");
    expect(await page.locator(`${widget} .launcher`).getAttribute("aria-expanded")).toBe("true");
    expect(await page.locator(`${widget} [role=dialog]`).getAttribute("aria-labelledby")).toBe("pa-title");
    await page.keyboard.press("Escape");
    expect(await page.locator(`${widget} [role=dialog]`).isHidden()).toBe(true);
    expect(await active()).toBe("launcher");
    await page.close();
  });

  it("fits a phone screen, in English", async () => {
    const page = await h.browser.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    await page.goto(`${h.hostOrigin}/?lang=en`);
    await openWidget(page);
    const box = await page.locator(`${widget} [role=dialog]`).boundingBox();
    expect(box!.width).toBeLessThanOrEqual(375);
    expect(box!.x).toBeGreaterThanOrEqual(0);
    const bubble = await askAndWait(page, "Who handles electronic seals?");
    await expect.poll(() => bubble.innerText()).toContain("District Science and Technology Commission (区科委)");
    await page.screenshot({ path: `${SCREENSHOTS}widget-phone.png` });
    await page.close();
  });

  it("gets no answers when embedded on an origin WIDGET_ORIGINS does not list", async () => {
    const page = await h.browser.newPage();
    await page.goto(h.otherOrigin);
    await openWidget(page);
    const bubble = await askAndWait(page, "电子印章由谁负责？");
    expect(await bubble.getAttribute("class")).toContain("error");
    expect(await bubble.innerText()).toContain("12345");
    const script = await fetch(`${h.assistantOrigin}/widget.js`);
    expect(script.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    await page.close();
  });
});
