import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
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

/** The hosting district site: another origin that embeds the widget with one script tag. */
function hostPage(assistantOrigin: string, lang: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>District site</title><style>body{font:18px serif;background:#eee} button{background:lime!important;font-size:40px!important} div,policy-assistant{letter-spacing:.3em;line-height:3}</style></head>
<body><h1>普陀区人民政府 · 营商环境</h1><p>Host page content.</p><a href="#top" id="host-link">host link</a>
<script src="${assistantOrigin}/widget.js" data-district="普陀区" data-lang="${lang}" async></script></body></html>`;
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
    const lang = new URL(req.url ?? "/", hostOrigin).searchParams.get("lang") ?? "zh";
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(hostPage(assistantOrigin, lang));
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
