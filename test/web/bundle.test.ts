import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync, brotliDecompressSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { buildBundle, bundleCache, writeBundles } from "../../src/web/bundle.ts";

const dir = mkdtempSync(join(tmpdir(), "policy-bundles-"));
const url = pathToFileURL(`${dir}/`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the browser scripts, prebuilt by npm run build", () => {
  it("are served as written, the same scripts a start would build from the sources", async () => {
    await writeBundles(url);
    const served = await bundleCache(url)("widget");
    const built = await buildBundle("widget");
    expect(served.hash).toBe(built.hash);
    expect(served.code.equals(built.code)).toBe(true);
    expect(gunzipSync(served.gzip).equals(built.code)).toBe(true);
    expect(brotliDecompressSync(served.br).equals(built.code)).toBe(true);
  });

  it("are read, not rebuilt, when present (the hash is the written script's)", async () => {
    await writeBundles(url);
    writeFileSync(join(dir, "console.js"), "console.log(1)");
    const served = await bundleCache(url)("console");
    expect(served.code.toString()).toBe("console.log(1)");
    expect(served.hash).not.toBe((await buildBundle("console")).hash);
  });

  it("are built from the sources when a prebuilt file is missing", async () => {
    const empty = pathToFileURL(`${dir}/none/`);
    const served = await bundleCache(empty)("console");
    expect(served.hash).toBe((await buildBundle("console")).hash);
  });
});
