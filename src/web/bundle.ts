import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { build } from "esbuild";

/** One browser script built from src/web, with its content hash and compressed forms, held in memory. */
export interface Bundle {
  name: string;
  code: Buffer;
  gzip: Buffer;
  br: Buffer;
  /** First 10 hex digits of the content's SHA-256: the versioned URL and the ETag. */
  hash: string;
}

const ENTRIES = { widget: "widget/main.ts", console: "console/main.ts" } as const;
export type BundleName = keyof typeof ENTRIES;

/**
 * Where the browser sources are: beside this module when it runs from src/ (tsx), or in web/ beside the server bundle
 * when it runs compiled from dist/server/ (scripts/build.mjs copies them there; import.meta.url is then the bundle's).
 */
function sourceOf(name: BundleName): string {
  const candidates = [
    fileURLToPath(new URL(`./${ENTRIES[name]}`, import.meta.url)),
    fileURLToPath(new URL(`./web/${ENTRIES[name]}`, import.meta.url)),
    join(process.cwd(), "src", "web", ENTRIES[name]),
  ];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`the ${name} script's sources are missing (looked in ${candidates.join(", ")})`);
  return found;
}

/** Bundles one entry with esbuild's JS API: one self-contained IIFE, no framework, for browsers of the last few years. */
export async function buildBundle(name: BundleName): Promise<Bundle> {
  const out = await build({
    entryPoints: [sourceOf(name)],
    bundle: true,
    write: false,
    format: "iife",
    target: "es2020",
    minify: true,
    legalComments: "none",
    charset: "utf8",
    logLevel: "silent",
  });
  const code = Buffer.from(out.outputFiles[0]!.contents);
  return {
    name,
    code,
    gzip: gzipSync(code, { level: 9 }),
    br: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    hash: createHash("sha256").update(code).digest("hex").slice(0, 10),
  };
}

/** Builds each bundle once, on first use, and keeps it; a failed build is retried on the next request. */
export function bundleCache(): (name: BundleName) => Promise<Bundle> {
  const cache = new Map<BundleName, Promise<Bundle>>();
  return (name) => {
    let p = cache.get(name);
    if (!p) {
      p = buildBundle(name);
      cache.set(name, p);
      p.catch(() => cache.delete(name));
    }
    return p;
  };
}
