// The registry mirror on our machines serves only the linux-x64 builds of napi-rs packages
// (e.g. @node-rs/jieba-darwin-arm64 is a 404), so `npm install` leaves the other platforms out of
// package-lock.json, and `npm ci` then refuses the lock as out of sync. This adds the missing
// optional platform entries back, with the os/cpu/libc that napi-rs encodes in the package name, so
// npm ci skips them on every platform but their own. Run it after any `npm install`.
import { readFileSync, writeFileSync } from "node:fs";

const LOCK = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(LOCK, "utf8"));

const CPUS = ["arm64", "arm", "x64", "ia32", "riscv64", "s390x", "ppc64", "wasm32"];
const OSES = ["android", "darwin", "freebsd", "linux", "win32", "openharmony", "wasi"];

/** `jieba-linux-arm64-musl` → { os: linux, cpu: arm64, libc: musl }, or undefined if not napi-rs. */
function platformOf(name) {
  const parts = name.split("/").pop().split("-");
  const os = parts.find((p) => OSES.includes(p));
  const cpu = parts.find((p) => CPUS.includes(p));
  if (!os || !cpu) return undefined;
  const libc = parts.includes("musl") ? "musl" : os === "linux" && parts.includes("gnu") ? "glibc" : undefined;
  return { os, cpu, libc };
}

let added = 0;
const packages = {};
for (const [path, entry] of Object.entries(lock.packages)) {
  packages[path] = entry;
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const depPath = `node_modules/${dep}`;
    if (lock.packages[depPath] || packages[depPath]) continue;
    const platform = platformOf(dep);
    if (!platform) continue;
    packages[depPath] = {
      version,
      cpu: [platform.cpu],
      ...(platform.libc ? { libc: [platform.libc] } : {}),
      optional: true,
      os: [platform.os],
    };
    added++;
  }
}
lock.packages = packages;
writeFileSync(LOCK, JSON.stringify(lock, null, 2) + "\n");
console.log(`complete-lockfile: added ${added} optional platform entr${added === 1 ? "y" : "ies"}`);
