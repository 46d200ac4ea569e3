// `npm run build [-- OUTDIR]` (run by `npm start`; OUTDIR defaults to dist): the server as compiled JavaScript in dist/, so production starts
// without compiling TypeScript. Two bundles, dist/server/main.js and dist/server/index-build-child.js
// (dependencies stay in node_modules), and dist/web/prebuild.js, run here to write the browser scripts ready to serve. Modules find their files relative to import.meta.url, which in a
// bundle is the bundle's (or chunk's) own folder, so the files are copied where those URLs land: `../data/` from
// src/{index,understand} → dist/data, `./public/` from src/web → dist/server/public, the browser sources → dist/server/web,
// `../admin/public/` from src/admin → dist/admin/public.
import { cpSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const out = process.argv[2] ?? "dist";
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
  packages: "external",
  // Modules imported only when configured (the LLM client) stay out of the start-up path; chunks sit beside
  // the entries so their import.meta.url resolves the same files.
  splitting: true,
  chunkNames: "server/[name]-[hash]",
  sourcemap: true,
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
