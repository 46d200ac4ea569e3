import type { Page, Route } from "playwright-core";
import { expect } from "vitest";

export const W = "#policy-assistant-widget";

export async function openWidget(page: Page) {
  await page.locator(`${W} .launcher`).click();
  await expect.poll(() => page.locator(`${W} textarea`).isVisible()).toBe(true);
}

/** Types a question, sends it with Enter and waits until its answer (or failure) is complete. */
export async function askAndWait(page: Page, question: string, timeout = 10000) {
  const bots = page.locator(`${W} .msg.bot:not(.welcome)`);
  const count = await bots.count();
  await page.locator(`${W} textarea`).fill(question);
  await page.keyboard.press("Enter");
  const bubble = bots.nth(count);
  await expect.poll(() => bubble.getAttribute("aria-busy"), { timeout }).toBe("false");
  return bubble;
}

export const sse = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

export const citation = (over: Record<string, unknown> = {}) => ({
  id: "putuo-2021:17",
  planId: "putuo-2021",
  planTitle: "普陀区深化推进一流营商环境建设行动方案",
  district: "普陀区",
  measure: 17,
  sectionPath: ["一、让企业办事更省心", "（四）推广电子印章应用"],
  units: [{ name: "区科委", nameEn: "District Science and Technology Commission", role: "responsible" }],
  text: "加强电子印章使用和管理。",
  ...over,
});

export const answerOf = (over: Record<string, unknown> = {}) => ({
  answer: "答案",
  status: "answered",
  lang: "zh",
  mode: "extractive",
  citations: [citation()],
  confidence: 0.9,
  confidenceLevel: "high",
  alternatives: [],
  ...over,
});

/** Answers the widget's stream request with these events, as the assistant would, cross-origin. */
export function fulfillStream(route: Route, origin: string, events: string[], status = 200, headers: Record<string, string> = {}) {
  return route.fulfill({
    status,
    headers: {
      "Content-Type": status === 200 ? "text/event-stream" : "application/json",
      "Access-Control-Allow-Origin": origin,
      "Access-Control-Expose-Headers": "Retry-After",
      ...headers,
    },
    body: events.join(""),
  });
}

/** Runs in the page: the shadow root's elements. */
export const inShadow = <T>(page: Page, fn: (root: ShadowRoot) => T) =>
  page.evaluate(`(${fn.toString()})(document.querySelector("#policy-assistant-widget").shadowRoot)`) as Promise<T>;
