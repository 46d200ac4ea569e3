import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runMain, UsageError } from "../../src/cli/run.ts";

const USAGE = "usage: thing -- QUESTION";

describe("runMain", () => {
  afterEach(() => {
    process.exitCode = undefined;
    vi.restoreAllMocks();
  });

  it("prints a wrong command line with the usage and exits 2", async () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    await runMain(USAGE, () => {
      throw new UsageError("--k must be an integer");
    });
    expect(process.exitCode).toBe(2);
    expect(err).toHaveBeenCalledWith(`error: --k must be an integer\n${USAGE}`);
  });

  it("prints any other failure as one line, without usage or stack, and exits 1", async () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    await runMain(USAGE, async () => {
      throw new Error("ENOENT: no such file");
    });
    expect(process.exitCode).toBe(1);
    expect(err).toHaveBeenCalledWith("error: ENOENT: no such file");
  });

  it("leaves the exit code alone when main succeeds", async () => {
    let ran = false;
    await runMain(USAGE, () => {
      ran = true;
    });
    expect(ran).toBe(true);
    expect(process.exitCode).toBeUndefined();
  });
});

describe("command-line entry points", () => {
  const tsx = (args: string[]) => spawnSync(process.execPath, ["--import", "tsx", ...args], { encoding: "utf8", timeout: 20_000 });

  it.each([
    ["src/cli/search.ts", "--bogus"],
    ["src/cli/ask.ts", "--json"],
    ["eval/run.ts", "--min-strength", "7"],
    ["bench/synthetic.ts", "--plans", "many"],
  ])("%s %s: a clear message and exit code 2, never a stack trace", (script, ...args) => {
    const r = tsx([script, ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: .+\nusage: npm run /m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("--help prints the usage and exits 0", () => {
    const r = tsx(["src/cli/search.ts", "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run search -- "question"/);
  });
});
