import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { freePort } from "./spawn-server.ts";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A throwaway PostgreSQL server from Debian's `postgresql` package: initdb in a temporary directory, started
 * with pg_ctl on a free port on 127.0.0.1, stopped and removed by stop(). CI installs the package
 * (.ci/run); on a machine without it the tests that need it are skipped with a loud message, and in CI
 * (CI set) its absence is an error instead.
 */
export function postgresBinDir(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "postgres")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0]!, "bin") : null;
}

export const POSTGRES_BIN = postgresBinDir();
if (!POSTGRES_BIN) {
  const msg =
    "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: the PostgreSQL-server tests are SKIPPED (apt-get install postgresql)";
  if (process.env.CI) throw new Error(msg);
  console.warn(`\n!!! ${msg} !!!\n`);
}

/** initdb refuses to run as root; then the server runs as the postgres user (or nobody). */
function serverUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  for (const name of ["postgres", "nobody"]) {
    try {
      const uid = Number(execFileSync("id", ["-u", name], { encoding: "utf8" }).trim());
      const gid = Number(execFileSync("id", ["-g", name], { encoding: "utf8" }).trim());
      return { uid, gid };
    } catch {}
  }
  throw new Error("running as root and no postgres or nobody user to run the PostgreSQL server as");
}

export interface PostgresServer {
  url: string;
  port: number;
  /** A fresh database on this server, for one test file's isolation. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server but keeps its data, to test an outage; resume() starts it again on the same port. */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<PostgresServer> {
  if (!POSTGRES_BIN) throw new Error("no PostgreSQL binaries");
  const bin = POSTGRES_BIN;
  const dir = mkdtempSync(join(tmpdir(), "policy-pg-"));
  const user = serverUser();
  if (user) chownSync(dir, user.uid, user.gid);
  const run = (cmd: string, args: string[]) =>
    execFileSync(join(bin, cmd), args, { stdio: "pipe", ...(user ?? {}), env: { ...process.env, LC_ALL: "C.UTF-8" } });
  const data = join(dir, "data");
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-instructions"]);
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const start = () => run("pg_ctl", ["-D", data, "-o", opts, "-l", join(dir, "server.log"), "-w", "-t", "30", "start"]);
  start();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    async createDatabase(name) {
      const { default: pg } = await import("pg");
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`create database "${name}"`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    pause() {
      // fast, not immediate: committed rows must survive the outage.
      run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
    },
    resume: start,
    async stop() {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
