import express, { Router } from "express";
import helmet from "helmet";

const PUBLIC_DIR = new URL("./public/", import.meta.url).pathname;

/**
 * The demo page (`/`), the operator console (`/console`) and the embeddable `widget.js`. The widget is
 * loaded by other sites, so it alone is served with a cross-origin resource policy and wide caching.
 */
export function webRoutes(): Router {
  const router = Router();
  router.get("/widget.js", (_req, res, next) => {
    res.set({ "Cross-Origin-Resource-Policy": "cross-origin", "Cache-Control": "public, max-age=300" });
    next();
  });
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
  router.get("/console", (_req, res) => res.sendFile("console.html", { root: PUBLIC_DIR }));
  router.use(express.static(PUBLIC_DIR, { index: "index.html", extensions: ["html"], maxAge: "5m" }));
  return router;
}
