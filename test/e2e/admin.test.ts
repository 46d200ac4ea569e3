import { existsSync, mkdirSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureIndex } from "../helpers/fixture.ts";
import { ADMIN_TOKEN, type LogServer, postJson, questionLogServer } from "../helpers/question-log.ts";
import { CHROMIUM, SCREENSHOTS } from "./harness.ts";

let s: LogServer;
let cleanup: () => void;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium or set CHROMIUM_PATH`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const f = await fixtureIndex();
  cleanup = f.cleanup;
  s = await questionLogServer(f.index);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
  cleanup?.();
});

describe("/admin", () => {
  it("asks for the token, shows the report with charts and writes a curated answer from the queue", async () => {
    for (const message of ["电子印章平台由谁负责？", "杭州的人才政策是什么？", "请问杭州的人才政策是什么", "企业注销要多久"]) {
      await postJson(`${s.url}/api/chat`, { message, channel: "widget" });
    }
    const res = await postJson(`${s.url}/api/chat`, { message: "融资担保基金谁牵头？", channel: "console" });
    const { answerId } = await res.json();
    await postJson(`${s.url}/api/feedback`, { answerId, rating: "down", comment: "没答到点子上", clauseId: "anting-2024:4" });
    await s.service.log.drain(5000);

    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" && !m.text().includes("401")) problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${s.url}/admin`);
    await page.locator("#token").fill(ADMIN_TOKEN);
    await page.locator("#login-form button").click();

    await expect.poll(() => page.locator("#cards .card").count()).toBeGreaterThan(0);
    expect(await page.locator("#cards").innerText()).toContain("5");
    expect(await page.locator("#per-day svg rect").count()).toBeGreaterThan(0);
    expect(await page.locator("#by-channel .bar-row").count()).toBe(2);
    const gap = page.locator("#unanswered tr", { hasText: "杭州" });
    expect(await gap.locator("td").nth(1).innerText()).toBe("2");
    await page.screenshot({ path: `${SCREENSHOTS}admin-desktop.png`, fullPage: true });

    const item = page.locator("#queue tr", { hasText: "融资担保基金" });
    await item.locator("button").click();
    expect(await page.locator("#curate [name=citations]").inputValue()).toBe("anting-2024:4");
    await page.locator("#curate [name=answer]").fill("由区金融办牵头设立，区财政局配合。");
    await page.locator("#curate button[type=submit]").click();
    await expect.poll(() => page.locator("#status").innerText()).toContain("第 1 版已保存");
    await expect.poll(() => page.locator("#curated tr", { hasText: "由区金融办牵头设立" }).count()).toBe(1);
    // The item has left the queue, and the next asker gets the curated answer.
    expect(await page.locator("#queue tr", { hasText: "融资担保基金" }).count()).toBe(0);
    const again = await (await postJson(`${s.url}/api/chat`, { message: "融资担保基金谁牵头" })).json();
    expect(again.mode).toBe("curated");

    // A wrong token sends the page back to the token form.
    await page.evaluate(() => sessionStorage.setItem("policy-admin-token", "wrong-token-wrong-token"));
    await page.reload();
    await expect.poll(() => page.locator("#login").isVisible()).toBe(true);
    expect(problems.join("\n")).toBe("");
    await page.close();
  });
});
