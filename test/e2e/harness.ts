import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { createAssistant } from "../../src/answer/assistant.ts";
import { loadConfig } from "../../src/config.ts";
import { buildIndex } from "../../src/index/store.ts";
import { createApp, readyState } from "../../src/server/app.ts";
import { webRoutes } from "../../src/web/routes.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOTS = new URL("../../test-results/screenshots/", import.meta.url).pathname;

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve) => server.listen(0, host, () => resolve((server.address() as AddressInfo).port)));
}

const attr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/**
 * The hosting district site: another origin that embeds the widget with one script tag. Query parameters set the
 * script's attributes (lang, district, title, color, starters); the page is long, so scrolling behind the panel shows.
 */
function hostPage(assistantOrigin: string, query: URLSearchParams): string {
  const attrs = ["lang", "district", "title", "color", "starters"]
    .map((k) => [k, query.get(k) ?? (k === "district" ? "普陀区" : k === "lang" ? "zh" : null)] as const)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => ` data-${k}="${attr(v!)}"`)
    .join("");
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>District site</title><style>body{font:18px serif;background:#eee} button{background:lime!important;font-size:40px!important} div,policy-assistant{letter-spacing:.3em;line-height:3} .tall{height:3000px}</style></head>
<body><header><h1>普陀区人民政府 · 营商环境</h1></header><main><p>Host page content.</p><a href="#top" id="host-link">host link</a><div class="tall"></div></main>
<script src="${assistantOrigin}/widget.js"${attrs} async></script></body></html>`;
}

/** Unit contacts as a district would supply them (corpus/contacts.json). */
export const CONTACTS = {
  contacts: [
    {
      unit: "区科委",
      district: "普陀区",
      phone: "021-5256 0000",
      address: "普陀区大渡河路1668号",
      hours: "工作日 9:00-17:00",
      url: "https://www.shpt.gov.cn/",
    },
  ],
};

const AXE = readFileSync(new URL("../../node_modules/axe-core/axe.min.js", import.meta.url), "utf8");

/** axe-core's violations on the page as it is now (the page's context must bypass CSP to inject axe). */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string | null; nodes: string[] }[]> {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown,
          ) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
}

export interface Harness {
  assistantOrigin: string;
  hostOrigin: string;
  /** Serves the same embedding page from an origin WIDGET_ORIGINS does not list. */
  otherOrigin: string;
  browser: Browser;
  close(): Promise<void>;
}

/** Starts the assistant on 127.0.0.1 (real corpus) and a host site on localhost, a different origin. */
export async function startHarness(): Promise<Harness> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), "policy-e2e-"));
  cpSync(new URL("../../corpus", import.meta.url).pathname, join(dir, "corpus"), { recursive: true });
  writeFileSync(join(dir, "corpus", "contacts.json"), JSON.stringify(CONTACTS));

  // One host server, two origins: http://localhost:PORT is allowed, http://127.0.0.1:PORT is not.
  const hostServer = createServer();
  const hostPort = await listen(hostServer, "127.0.0.1");
  const hostOrigin = `http://localhost:${hostPort}`;
  const otherOrigin = `http://127.0.0.1:${hostPort}`;

  const config = loadConfig({
    CORPUS_DIR: join(dir, "corpus"),
    DATA_DIR: join(dir, "data"),
    WIDGET_ORIGINS: hostOrigin,
    RATE_LIMIT_PER_MINUTE: "1000",
  });
  const { index } = await buildIndex(config);
  const state = readyState(createAssistant(index));
  const app = createApp({ state, config, extraRoutes: [webRoutes({ state, corpusDir: config.corpusDir })] });
  const assistantServer = createServer(app);
  const assistantPort = await listen(assistantServer, "127.0.0.1");
  const assistantOrigin = `http://127.0.0.1:${assistantPort}`;

  hostServer.on("request", (req, res) => {
    const query = new URL(req.url ?? "/", hostOrigin).searchParams;
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(hostPage(assistantOrigin, query));
  });

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    assistantOrigin,
    hostOrigin,
    otherOrigin,
    browser,
    async close() {
      await browser.close();
      await new Promise((r) => assistantServer.close(r));
      await new Promise((r) => hostServer.close(r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
