import { readFileSync } from "node:fs";
import express, { type Request, type Response, Router } from "express";
import helmet from "helmet";
import type { Logger } from "pino";
import { z } from "zod";
import { BadRequestError } from "../errors.ts";
import type { PolicyIndex } from "../index/store.ts";
import type { AppState } from "../server/app.ts";
import { type Bundle, type BundleName, bundleCache } from "./bundle.ts";
import { type ContactDirectory, loadContacts } from "./contacts.ts";
import { lexicon, resolveDistrict } from "../understand/lexicon.ts";
import { coveredDistricts } from "./districts.ts";
import { type EnglishTerm, followUps, starterQuestions } from "./suggest.ts";

const PUBLIC_DIR = new URL("./public/", import.meta.url).pathname;

export interface WebRoutesOptions {
  /** The assistant's state; without it only the pages and scripts are served (no widget API). */
  state?: AppState;
  /** Where corpus/contacts.json is looked for. */
  corpusDir?: string;
  logger?: Pick<Logger, "warn" | "error">;
}

/** Sends a built script, compressed as the client accepts, with an ETag; `immutable` for the versioned URL. */
function sendBundle(req: Request, res: Response, bundle: Bundle, cache: string) {
  const etag = `"${bundle.hash}"`;
  res.set({
    "Content-Type": "text/javascript; charset=utf-8",
    "Cache-Control": cache,
    ETag: etag,
    Vary: "Accept-Encoding",
  });
  if (req.headers["if-none-match"] === etag) return void res.status(304).end();
  const accepts = String(req.headers["accept-encoding"] ?? "");
  const [body, encoding] = /\bbr\b/.test(accepts)
    ? [bundle.br, "br"]
    : /\bgzip\b/.test(accepts)
      ? [bundle.gzip, "gzip"]
      : [bundle.code, null];
  if (encoding) res.set("Content-Encoding", encoding);
  res.set("Content-Length", String(body.length)).end(req.method === "HEAD" ? undefined : body);
}

const Lang = z.enum(["zh", "en"]).default("zh");
const WidgetQuery = z.object({ district: z.string().max(40).optional(), lang: Lang });
const SuggestQuery = WidgetQuery.extend({
  after: z.string().max(400).optional(),
  q: z.string().max(2000).optional(),
});
const ContactsQuery = z.object({ district: z.string().max(40).optional(), units: z.string().max(2000).optional() });

/** The districts a page covers: the one it names (in any usual form), or all; an unknown one is a 400 naming the covered ones. */
function pageDistricts(index: PolicyIndex, written: string | undefined): string[] {
  const metas = index.plans.map((p) => p.meta);
  const all = coveredDistricts(metas).map((d) => d.name);
  if (!written?.trim()) return all;
  const name = resolveDistrict(written, metas);
  if (!name) throw new BadRequestError(`unknown district "${written}"; covered: ${all.join(", ")}`, ["district"]);
  return [name];
}

/** Widget API: what a page needs to start (its districts, plans, starter questions), follow-ups, and unit contacts. */
function widgetApi(state: AppState, contacts: ContactDirectory): Router {
  const router = Router();
  const index = () => state.assistant().index;
  // Read on first use: building the lexicon is not part of the server's start (the first question builds it anyway).
  const terms = (): EnglishTerm[] => lexicon().headTerms;
  const starters = (districts: string[], lang: "zh" | "en") =>
    starterQuestions(plansOf(districts), clausesOf(districts), lang, { terms: terms() });
  const plansOf = (districts: string[]) => index().plans.filter((p) => districts.includes(p.meta.district));
  const clausesOf = (districts: string[]) => {
    const ids = new Set(plansOf(districts).map((p) => p.meta.id));
    return [...index().clauses.values()].filter((c) => ids.has(c.planId));
  };

  router.get("/api/widget/config", (req, res) => {
    const { district, lang } = WidgetQuery.parse(req.query);
    const districts = pageDistricts(index(), district);
    const plans = plansOf(districts);
    res.set("Cache-Control", "public, max-age=300").json({
      districts: coveredDistricts(plans.map((p) => p.meta)),
      plans: plans.map(({ meta: m }) => ({
        id: m.id,
        title: m.title,
        titleEn: m.titleEn,
        district: m.district,
        districtEn: m.districtEn,
        docNumber: m.docNumber,
        issueDate: m.issueDate,
        effectiveDate: m.effectiveDate,
      })),
      starters: starters(districts, lang),
      contacts: contacts.contacts.length > 0,
    });
  });

  router.get("/api/suggestions", (req, res) => {
    const { district, lang, after, q } = SuggestQuery.parse(req.query);
    const districts = pageDistricts(index(), district);
    if (!after) return void res.json({ suggestions: starters(districts, lang) });
    const cited = after
      .split(",")
      .map((id) => index().clauses.get(id.trim()))
      .filter((c) => c !== undefined);
    res.json({ suggestions: followUps(index().plans, cited, q ?? "", lang) });
  });

  router.get("/api/contacts", (req, res) => {
    const { district, units } = ContactsQuery.parse(req.query);
    const wanted = units
      ?.split(",")
      .map((u) => u.trim())
      .filter(Boolean);
    const list = wanted
      ? wanted.flatMap((u) => {
          const c = contacts.find(u, district);
          return c ? [{ ...c, unit: u }] : [];
        })
      : contacts.contacts.filter((c) => !district || !c.district || c.district === district);
    res.json({ contacts: list, ...(contacts.error ? { error: "the contact directory file is invalid" } : {}) });
  });
  return router;
}

/**
 * The demo page (`/`), the operator console (`/console`), the embeddable `widget.js` (built from src/web/widget by esbuild
 * on first request and kept in memory, also at a versioned, immutable URL), and the widget's small API.
 */
export function webRoutes(options: WebRoutesOptions = {}): Router {
  const router = Router();
  const bundles = bundleCache();
  // Build at once in the background, so the first visitor does not wait for esbuild.
  for (const name of ["widget", "console"] as const)
    bundles(name).catch((err) => options.logger?.error({ err }, `cannot build ${name}.js`));

  if (options.state) {
    const contacts = loadContacts(options.corpusDir ?? "corpus");
    if (contacts.error) options.logger?.warn(`contact directory not used: ${contacts.error}`);
    router.use(widgetApi(options.state, contacts));
  }

  const script = (name: BundleName, crossOrigin: boolean) => async (req: Request, res: Response) => {
    const bundle = await bundles(name);
    if (crossOrigin) res.set("Cross-Origin-Resource-Policy", "cross-origin");
    const versioned = req.params.hash !== undefined;
    // A stale versioned URL still gets the current script, just not cached as immutable.
    const cache =
      versioned && req.params.hash === bundle.hash ? "public, max-age=31536000, immutable" : "public, max-age=300, must-revalidate";
    sendBundle(req, res, bundle, cache);
  };
  router.get("/widget.js", script("widget", true));
  router.get("/widget.:hash.js", script("widget", true));
  router.get("/console.js", script("console", false));

  // Our own pages load only our own scripts and styles, and talk only to this server.
  router.use(
    helmet.contentSecurityPolicy({
      // No upgrade-insecure-requests: the assistant is often served over plain http inside a government network.
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        connectSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        frameAncestors: ["'self'"],
        upgradeInsecureRequests: null,
      },
    }),
  );
  router.get("/favicon.ico", (_req, res) => {
    res.status(204).end();
  });
  const demo = readFileSync(`${PUBLIC_DIR}index.html`, "utf8");
  router.get(["/", "/index.html"], async (_req, res) => {
    const { hash } = await bundles("widget");
    res
      .set("Cache-Control", "no-cache")
      .type("html")
      .send(demo.replace('src="/widget.js"', `src="/widget.${hash}.js"`));
  });
  router.get("/console", (_req, res) => res.sendFile("console.html", { root: PUBLIC_DIR }));
  router.use(express.static(PUBLIC_DIR, { index: false, extensions: ["html"], maxAge: "5m" }));
  return router;
}
