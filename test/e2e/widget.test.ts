import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, SCREENSHOTS, startHarness, type Harness } from "./harness.ts";
import { answerOf, askAndWait, citation, fulfillStream, inShadow, openWidget, sse, W } from "./widget-helpers.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe("embedded chat widget (another origin)", () => {
  it("welcomes, offers starters from the page's plans, streams a cited answer, opens a clause in place, follows up with history", async () => {
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 860 } });
    const bodies: Record<string, unknown>[] = [];
    page.on("request", (r) => {
      if (r.url().endsWith("/api/chat/stream")) bodies.push(JSON.parse(r.postData() ?? "{}"));
    });
    await page.goto(`${h.hostOrigin}/?district=putuo`);
    await openWidget(page);
    // The host page styles buttons lime and spaces letters; none of it may reach the widget.
    const look = await inShadow(page, (root) => {
      const title = getComputedStyle(root.querySelector("h2")!);
      const send = getComputedStyle(root.querySelector("form button")!);
      return { letterSpacing: title.letterSpacing, sendBackground: send.backgroundColor, sendFont: send.fontSize };
    });
    expect(look).toEqual({ letterSpacing: "normal", sendBackground: "rgb(180, 35, 42)", sendFont: "16px" });
    const welcome = page.locator(`${W} .welcome`);
    await expect.poll(() => welcome.locator(".ask").count()).toBe(3);
    expect(await welcome.innerText()).toContain("普陀区");
    expect(await welcome.innerText()).toContain("个人信息");
    expect(await welcome.locator('a[href="tel:12345"]').count()).toBe(1);

    const first = await askAndWait(page, "电子印章由谁负责？");
    expect(await first.innerText()).toContain("区科委");
    expect(await first.getAttribute("lang")).toBe("zh-CN");
    expect(bodies[0]).toMatchObject({ message: "电子印章由谁负责？", district: "普陀区", channel: "widget" });
    const chip = first.locator(".chip").first();
    expect(await chip.getAttribute("data-citation")).toBe("putuo-2021:17");
    const chipTop = await chip.evaluate((n) => n.getBoundingClientRect().top);
    await chip.click();
    const clause = first.locator(".clause").first();
    expect(await clause.isVisible()).toBe(true);
    expect(await clause.innerText()).toContain("启动区电子印章公共服务平台");
    // The contact directory's entry for the cited unit, with a tel: link.
    await expect.poll(() => clause.locator('.contact a[href^="tel:"]').count()).toBe(1);
    expect(await clause.innerText()).toContain("021-5256 0000");
    // Opening a chip keeps it in view (it does not jump to the end of the log).
    const chipTopAfter = await chip.evaluate((n) => n.getBoundingClientRect().top);
    expect(chipTopAfter).toBeGreaterThan(0);
    expect(Math.abs(chipTopAfter - chipTop)).toBeLessThan(400);
    await expect.poll(() => first.locator(".suggest .ask").count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SCREENSHOTS}widget-desktop.png` });

    const second = await askAndWait(page, "那徐汇区呢？");
    expect(await second.locator(".chip").first().getAttribute("data-citation")).toMatch(/^xuhui-2023:/);
    expect(bodies.at(-1)).toMatchObject({
      message: "那徐汇区呢？",
      history: [{ role: "user", content: "电子印章由谁负责？" }, { role: "assistant" }],
    });

    // A follow-up suggestion is a question the plans answer.
    const followUp = first.locator(".suggest .ask").first();
    const asked = await followUp.innerText();
    await followUp.click();
    const third = page.locator(`${W} .msg.bot:not(.welcome)`).nth(2);
    await expect.poll(() => third.getAttribute("aria-busy"), { timeout: 10000 }).toBe("false");
    expect(await third.locator(".chip").count(), asked).toBeGreaterThan(0);
    await page.close();
  });

  it("keeps the conversation (and the open panel) across a reload; a new conversation clears it", async () => {
    const page = await h.browser.newPage();
    await page.goto(h.hostOrigin);
    await openWidget(page);
    await askAndWait(page, "电子印章由谁负责？");
    await page.reload();
    // It reopens by itself where the visitor left off, without taking the focus from the page.
    await expect.poll(() => page.locator(`${W} [role=dialog]`).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("BODY");
    await expect.poll(() => page.locator(`${W} .msg.user`).count()).toBe(1);
    expect(await page.locator(`${W} .msg.bot:not(.welcome)`).first().innerText()).toContain("区科委");
    await page.locator(`${W} .new`).click();
    expect(await page.locator(`${W} .msg.user`).count()).toBe(0);
    await page.locator(`${W} .close`).click();
    await page.reload();
    await openWidget(page);
    expect(await page.locator(`${W} .msg.user`).count()).toBe(0);
    await page.close();
  });

  it("copies an answer with its sources, and stops an answer on request", async () => {
    const context = await h.browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
    const page = await context.newPage();
    await page.goto(h.hostOrigin);
    await openWidget(page);
    const bubble = await askAndWait(page, "电子印章由谁负责？");
    await bubble.locator(".copy").click();
    await expect.poll(() => bubble.locator(".copy").innerText()).toBe("已复制");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain("区科委");
    expect(copied).toContain("第17条");

    // A stream that takes its time: Stop ends it, and the question can be asked again.
    await page.route(`${h.assistantOrigin}/api/chat/stream`, async (route) => {
      await new Promise((r) => setTimeout(r, 3000));
      await fulfillStream(route, h.hostOrigin, [sse("v1.done", answerOf())]).catch(() => {});
    });
    await page.locator(`${W} textarea`).fill("企业注销有什么便利措施？");
    await page.keyboard.press("Enter");
    const stopButton = page.locator(`${W} form button`);
    await expect.poll(() => stopButton.innerText()).toBe("停止");
    await stopButton.click();
    const stopped = page.locator(`${W} .msg.bot:not(.welcome)`).nth(1);
    await expect.poll(() => stopped.innerText()).toContain("已停止");
    expect(await stopButton.innerText()).toBe("发送");
    await context.close();
  });

  it("shows a replacement (v1.replace) instead of the streamed text, marks low confidence and offers the alternatives", async () => {
    const page = await h.browser.newPage();
    await page.route(`${h.assistantOrigin}/api/chat/stream`, (route) =>
      fulfillStream(route, h.hostOrigin, [
        sse("v1.delta", { text: "模型编造的" }),
        sse("v1.delta", { text: "第99条" }),
        sse("v1.replace", { text: "方案原文的回答", reason: "citation_check" }),
        sse("v1.citations", { citations: [citation()] }),
        sse(
          "v1.done",
          answerOf({
            answer: "方案原文的回答",
            confidence: 0.2,
            confidenceLevel: "low",
            alternatives: [citation({ id: "putuo-2021:21", measure: 21, text: "企业注销" }), citation()],
          }),
        ),
      ]),
    );
    await page.goto(h.hostOrigin);
    await openWidget(page);
    const bubble = await askAndWait(page, "注销");
    const text = await bubble.innerText();
    expect(text).toContain("方案原文的回答");
    expect(text).not.toContain("第99条");
    expect(text).toContain("把握不大");
    expect(await bubble.locator(".caution").isVisible()).toBe(true);
    // The alternatives are offered as choices, without repeating the cited clause.
    const alternatives = bubble.locator(".cites").filter({ hasText: "其他可能相关的条款" }).locator(".chip");
    expect(await alternatives.count()).toBe(1);
    expect(await alternatives.first().getAttribute("data-citation")).toBe("putuo-2021:21");
    await page.close();
  });

  it("offers 👍/👎 when the answer has an answerId, and hides them when the server keeps no feedback", async () => {
    const page = await h.browser.newPage();
    const posted: unknown[] = [];
    let status = 201;
    await page.route(`${h.assistantOrigin}/api/chat/stream`, (route) =>
      fulfillStream(route, h.hostOrigin, [sse("v1.done", answerOf({ answerId: "ans-1" }))]),
    );
    await page.route(`${h.assistantOrigin}/api/feedback`, (route) => {
      if (route.request().method() === "OPTIONS")
        return route.fulfill({
          status: 204,
          headers: {
            "Access-Control-Allow-Origin": h.hostOrigin,
            "Access-Control-Allow-Headers": "Content-Type",
            "Access-Control-Allow-Methods": "POST",
          },
        });
      posted.push(route.request().postDataJSON());
      return route.fulfill({
        status,
        headers: { "Access-Control-Allow-Origin": h.hostOrigin },
        json: status === 201 ? { ok: true } : { error: { status: 404 } },
      });
    });
    await page.goto(h.hostOrigin);
    await openWidget(page);
    const first = await askAndWait(page, "电子印章由谁负责？");
    expect(await first.locator(".rate").count()).toBe(2);
    await first.locator(".rate").first().click();
    await expect.poll(() => posted).toEqual([{ answerId: "ans-1", rating: "up" }]);
    await expect.poll(() => page.locator(`${W} .status`).innerText()).toBe("谢谢反馈");
    status = 404;
    const second = await askAndWait(page, "企业注销有什么便利措施？");
    await second.locator(".rate").last().click();
    await expect.poll(() => page.locator(`${W} .rate`).count()).toBe(0);
    await page.close();
  });

  it("hands off to a person: tel:12345 and the cited units' contacts", async () => {
    const page = await h.browser.newPage();
    await page.goto(h.hostOrigin);
    await openWidget(page);
    await askAndWait(page, "电子印章由谁负责？");
    await page.locator(`${W} .human`).click();
    const card = page.locator(`${W} .handoff`).last();
    expect(await card.locator('a[href="tel:12345"]').count()).toBe(1);
    await expect.poll(() => card.innerText()).toContain("021-5256 0000");
    // A handoff answer from the server shows the same card.
    await page.route(`${h.assistantOrigin}/api/chat/stream`, (route) =>
      fulfillStream(route, h.hostOrigin, [sse("v1.done", answerOf({ answer: "请拨打12345。", status: "handoff", citations: [] }))]),
    );
    const handoff = await askAndWait(page, "转人工");
    expect(await handoff.locator('.handoff a[href="tel:12345"]').count()).toBe(1);
    expect(await handoff.locator('.text a[href="tel:12345"]').count()).toBe(1);
    await page.close();
  });

  it("says what went wrong: rate limit with its wait and a retry that keeps the question, server error, offline", async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    let calls = 0;
    await page.route(`${h.assistantOrigin}/api/chat/stream`, (route) => {
      calls++;
      if (calls === 1)
        return fulfillStream(
          route,
          h.hostOrigin,
          [JSON.stringify({ error: { status: 429, code: "rate_limited", message: "slow down" } })],
          429,
          { "Retry-After": "2" },
        );
      if (calls === 2)
        return fulfillStream(route, h.hostOrigin, [JSON.stringify({ error: { status: 500, code: "internal_error", message: "x" } })], 500);
      return route.fallback();
    });
    await page.goto(h.hostOrigin);
    await openWidget(page);
    const limited = await askAndWait(page, "电子印章由谁负责？");
    expect(await limited.getAttribute("data-failure")).toBe("rate_limited");
    expect(await limited.innerText()).toContain("太频繁");
    const retry = limited.locator(".retry");
    expect(await retry.isDisabled()).toBe(true);
    expect(await retry.innerText()).toMatch(/\d秒后可重试/);
    await expect.poll(() => retry.isDisabled(), { timeout: 5000 }).toBe(false);
    await retry.click();
    const failed = page.locator(`${W} .msg.bot:not(.welcome)`).last();
    await expect.poll(() => failed.getAttribute("data-failure")).toBe("server");
    await failed.locator(".retry").click();
    const answered = page.locator(`${W} .msg.bot:not(.welcome)`).last();
    await expect.poll(() => answered.innerText(), { timeout: 10000 }).toContain("区科委");
    // The question was kept: asked once by the user, answered on the third try.
    expect(await page.locator(`${W} .msg.user`).count()).toBe(1);

    await context.setOffline(true);
    const offline = await askAndWait(page, "企业注销有什么便利措施？");
    expect(await offline.getAttribute("data-failure")).toBe("offline");
    expect(await offline.innerText()).toContain("网络已断开");
    await context.close();
  });

  it("gives up on an answer that never comes (15 s to the first byte, 30 s of silence) and offers a retry", async () => {
    const page = await h.browser.newPage();
    await page.clock.install();
    let held = 0;
    await page.route(`${h.assistantOrigin}/api/chat/stream`, () => {
      held++; // never answered: a hung server
    });
    await page.goto(h.hostOrigin);
    await openWidget(page);
    await page.locator(`${W} textarea`).fill("电子印章由谁负责？");
    await page.keyboard.press("Enter");
    await expect.poll(() => held).toBe(1);
    await page.clock.fastForward(5000);
    await expect.poll(() => page.locator(`${W} .thinking`).innerText()).toContain("仍在生成回答");
    await page.clock.fastForward(11000);
    const failed = page.locator(`${W} .msg.bot:not(.welcome)`).last();
    await expect.poll(() => failed.getAttribute("data-failure")).toBe("timeout");
    expect(await failed.innerText()).toContain("超时");
    expect(await failed.locator(".retry").isEnabled()).toBe(true);
    await page.close();
  });

  it("loads its configuration again on opening when the assistant was down as the page loaded", async () => {
    const page = await h.browser.newPage();
    let calls = 0;
    await page.route(`${h.assistantOrigin}/api/widget/config**`, (route) =>
      ++calls === 1 ? route.abort("connectionrefused") : route.fallback(),
    );
    await page.route(`${h.assistantOrigin}/widget.js`, (route) =>
      route.request().method() === "HEAD" ? route.abort("connectionrefused") : route.fallback(),
    );
    await page.goto(h.hostOrigin);
    await expect.poll(() => calls).toBe(1);
    await page.waitForTimeout(300);
    await openWidget(page);
    await expect.poll(() => page.locator(`${W} .welcome .ask`).count()).toBe(3);
    expect(await page.locator(`${W} .msg.setup`).count()).toBe(0);
    await page.close();
  });

  it("renders a 100k-character answer without blocking the page", async () => {
    const page = await h.browser.newPage();
    const long = "这是一个很长的回答，用来检查渲染是否线性。".repeat(5000);
    const pieces: string[] = [];
    for (let i = 0; i < long.length; i += 25) pieces.push(sse("v1.delta", { text: long.slice(i, i + 25) }));
    await page.route(`${h.assistantOrigin}/api/chat/stream`, (route) =>
      fulfillStream(route, h.hostOrigin, [...pieces, sse("v1.done", answerOf({ answer: long }))]),
    );
    await page.goto(h.hostOrigin);
    await openWidget(page);
    // A timer that should tick every 50 ms; the longest gap is how long the main thread was blocked.
    await page.evaluate(() => {
      const w = window as unknown as { __gap: number; __last: number };
      w.__gap = 0;
      w.__last = performance.now();
      setInterval(() => {
        const now = performance.now();
        w.__gap = Math.max(w.__gap, now - w.__last);
        w.__last = now;
      }, 50);
    });
    const started = Date.now();
    const bubble = await askAndWait(page, "长回答", 20000);
    const elapsed = Date.now() - started;
    const gap = await page.evaluate(() => (window as unknown as { __gap: number }).__gap);
    expect((await bubble.locator(".text").innerText()).length).toBe(long.length);
    expect(gap).toBeLessThan(1000);
    expect(elapsed).toBeLessThan(10000);
    // A long answer opens at its start: the question above it stays in view.
    const questionVisible = await inShadow(page, (root) => {
      const log = root.querySelector(".log")!.getBoundingClientRect();
      const q = Array.from(root.querySelectorAll(".msg.user")).at(-1)!.getBoundingClientRect();
      return q.top >= log.top - 1 && q.top < log.bottom;
    });
    expect(questionVisible).toBe(true);
    console.log(`100k answer: ${elapsed} ms to complete, longest main-thread gap ${Math.round(gap)} ms`);
    await page.close();
  });

  it("renders markup in questions and answers as text, never as HTML", async () => {
    const page = await h.browser.newPage();
    const evil = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`;
    await page.route(`${h.assistantOrigin}/api/chat/stream`, (route) =>
      fulfillStream(route, h.hostOrigin, [
        sse("v1.delta", { text: evil }),
        sse("v1.done", {
          answer: evil,
          status: "answered",
          lang: "zh",
          mode: "extractive",
          citations: [
            citation({
              planTitle: `<b onmouseover=alert(1)>T</b>`,
              sectionPath: ["<i>x</i>"],
              units: [{ name: "<img src=y onerror=window.__xss=3>", nameEn: null, role: "responsible" }],
              text: evil,
            }),
          ],
        }),
      ]),
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

  it("takes its title, colour and starter questions from the script tag", async () => {
    const page = await h.browser.newPage();
    const q = new URLSearchParams({ title: "普陀政策通", color: "#1e3a5f", starters: "电子印章由谁负责？|企业注销有什么便利措施？" });
    await page.goto(`${h.hostOrigin}/?${q}`);
    await openWidget(page);
    expect(await page.locator(`${W} h2`).innerText()).toBe("普陀政策通");
    expect(await page.locator(`${W} .welcome .ask`).allInnerTexts()).toEqual(["电子印章由谁负责？", "企业注销有什么便利措施？"]);
    const bg = await inShadow(page, (root) => getComputedStyle(root.querySelector(".head")!).backgroundColor);
    expect(bg).toBe("rgb(30, 58, 95)");
    await page.close();
  });

  it("works with the keyboard alone and keeps focus where it belongs", async () => {
    const page = await h.browser.newPage();
    await page.goto(h.hostOrigin);
    await page.locator(`${W} .launcher`).waitFor();
    await page.focus("#host-link");
    await page.keyboard.press("Tab");
    const active = () => inShadow(page, (root) => root.activeElement?.className ?? null);
    expect(await active()).toBe("launcher");
    await page.keyboard.press("Enter");
    await expect.poll(() => inShadow(page, (root) => root.activeElement?.tagName)).toBe("TEXTAREA");
    expect(await page.locator(`${W} [role=dialog]`).getAttribute("aria-labelledby")).toBe("pa-title");
    await page.keyboard.press("Escape");
    expect(await page.locator(`${W} [role=dialog]`).isHidden()).toBe(true);
    expect(await active()).toBe("launcher");
    expect(await page.locator(`${W} .launcher`).getAttribute("aria-expanded")).toBe("false");
    await page.close();
  });
});

describe("misconfiguration is a setup note, with the reason in the browser console", () => {
  async function consoleErrors(page: Page): Promise<string[]> {
    const errors: string[] = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    return errors;
  }

  it("an origin WIDGET_ORIGINS does not list", async () => {
    const page = await h.browser.newPage();
    const errors = await consoleErrors(page);
    await page.goto(h.otherOrigin);
    await expect.poll(() => errors.some((e) => e.includes("WIDGET_ORIGINS"))).toBe(true);
    await openWidget(page);
    const note = page.locator(`${W} .msg.setup`).first();
    expect(await note.getAttribute("data-failure")).toBe("origin");
    expect(await note.innerText()).toContain("12345");
    await page.close();
  });

  it("a data-district the assistant does not cover", async () => {
    const page = await h.browser.newPage();
    const errors = await consoleErrors(page);
    await page.goto(`${h.hostOrigin}/?district=黄浦区`);
    await expect.poll(() => errors.find((e) => e.includes("data-district"))).toContain("普陀区");
    await openWidget(page);
    expect(await page.locator(`${W} .msg.setup`).first().getAttribute("data-failure")).toBe("district");
    const bubble = await askAndWait(page, "电子印章由谁负责？");
    expect(await bubble.getAttribute("data-failure")).toBe("district");
    await page.close();
  });
});

describe("accessibility (axe-core)", () => {
  it("the demo page has no violations with the widget closed, open, and after an answer with a clause open", async () => {
    const context = await h.browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await page.goto(`${h.assistantOrigin}/`);
    await page.locator(`${W} .launcher`).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await openWidget(page);
    await expect.poll(() => page.locator(`${W} .welcome .ask`).count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    const bubble = await askAndWait(page, "电子印章由谁负责？");
    await bubble.locator(".chip").first().click();
    expect(await axeViolations(page)).toEqual([]);
    // The launcher's accessible name contains its visible text; the widget adds no landmark to the host page.
    expect(await page.locator(`${W} .launcher`).evaluate((n) => n.textContent)).toContain("问政策");
    expect(
      await inShadow(
        page,
        (root) => root.querySelectorAll("header, footer, main, nav, aside, section, [role=region], [role=banner]").length,
      ),
    ).toBe(0);
    await context.close();
  });

  it("an English page on another origin has no violations with the widget open and answering", async () => {
    const page = await h.browser.newPage();
    await page.goto(`${h.hostOrigin}/?lang=en`);
    await openWidget(page);
    const bubble = await askAndWait(page, "Who handles electronic seals?");
    await bubble.locator(".chip").first().click();
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
