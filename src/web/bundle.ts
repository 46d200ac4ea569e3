import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

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
  // Imported here: the compiled server reads the bundles `npm run build` wrote (prebuilt) and never needs esbuild.
  const { build } = await import("esbuild");
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
    hash: hashOf(code),
  };
}

function hashOf(code: Buffer): string {
  return createHash("sha256").update(code).digest("hex").slice(0, 10);
}

/**
 * Where `npm run build` leaves the bundles, built and compressed (writeBundles): `./bundles/` beside the compiled
 * server, so its start reads three small files per script instead of running esbuild and Brotli's slowest level.
 * Under tsx (src/web) there are none and the scripts are built from their sources on first use.
 */
const PREBUILT = new URL("./bundles/", import.meta.url);
const FILES = (name: BundleName) => ({ code: `${name}.js`, gzip: `${name}.js.gz`, br: `${name}.js.br` });

function prebuilt(name: BundleName, dir: URL): Bundle | null {
  const files = FILES(name);
  try {
    const read = (file: string) => readFileSync(new URL(file, dir));
    const code = read(files.code);
    return { name, code, gzip: read(files.gzip), br: read(files.br), hash: hashOf(code) };
  } catch {
    return null;
  }
}

/** Builds every script and writes it with its compressed forms where prebuilt() reads them (scripts/build.mjs). */
export async function writeBundles(dir: URL = PREBUILT): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const name of Object.keys(ENTRIES) as BundleName[]) {
    const bundle = await buildBundle(name);
    const files = FILES(name);
    for (const [form, file] of Object.entries(files) as [keyof typeof files, string][]) {
      writeFileSync(new URL(file, dir), bundle[form]);
      written.push(fileURLToPath(new URL(file, dir)));
    }
  }
  return written;
}

/** Reads (prebuilt) or builds each bundle once, on first use, and keeps it; a failed build is retried on the next request. */
export function bundleCache(prebuiltDir: URL = PREBUILT): (name: BundleName) => Promise<Bundle> {
  const cache = new Map<BundleName, Promise<Bundle>>();
  return (name) => {
    let p = cache.get(name);
    if (!p) {
      const ready = prebuilt(name, prebuiltDir);
      p = ready ? Promise.resolve(ready) : buildBundle(name);
      cache.set(name, p);
      p.catch(() => cache.delete(name));
    }
    return p;
  };
}
