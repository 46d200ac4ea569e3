import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { PlanParseError } from "../errors.ts";
import { PlanMetaSidecar, type Plan } from "../plan/schema.ts";
import { parsePlan, type ParseWarning } from "./parse.ts";

export interface CorpusFile {
  planId: string;
  textPath: string;
  sidecarPath: string | null;
}

export interface CorpusLoad {
  plans: Plan[];
  errors: PlanParseError[];
  warnings: (ParseWarning & { file: string })[];
  /** Content hash of every file read, keyed by file name: the index manifest compares these. */
  hashes: Record<string, string>;
}

const PLAN_FILE_RE = /^([a-z][a-z0-9-]*-\d{4})\.txt$/;

export function listCorpus(dir: string): CorpusFile[] {
  const names = readdirSync(dir).sort();
  return names.flatMap((name) => {
    const m = PLAN_FILE_RE.exec(name);
    if (!m) return [];
    const sidecar = `${m[1]}.meta.json`;
    return [{ planId: m[1]!, textPath: join(dir, name), sidecarPath: names.includes(sidecar) ? join(dir, sidecar) : null }];
  });
}

export function hashContent(content: string | Buffer): string {
  return createHash("sha256").update(content).digest("hex").slice(0, 16);
}

/** Hashes of every plan and sidecar file, without parsing: enough to tell whether an index is stale. */
export function corpusHashes(dir: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const f of listCorpus(dir)) {
    hashes[basename(f.textPath)] = hashContent(readFileSync(f.textPath));
    if (f.sidecarPath) hashes[basename(f.sidecarPath)] = hashContent(readFileSync(f.sidecarPath));
  }
  return hashes;
}

/**
 * Larger plan files are not indexed (an error says so): real action plans are tens to hundreds of kB of
 * text, and one huge stray file must not hold the whole index back for minutes or exhaust its memory.
 */
export const MAX_PLAN_FILE_BYTES = 5 * 1024 * 1024;

/** Reads and parses every plan in a folder; a broken plan is reported and the others still load. */
export function loadCorpus(dir: string, { maxFileBytes = MAX_PLAN_FILE_BYTES } = {}): CorpusLoad {
  const result: CorpusLoad = { plans: [], errors: [], warnings: [], hashes: corpusHashes(dir) };
  for (const f of listCorpus(dir)) {
    const file = join(basename(dir), basename(f.textPath));
    const bytes = statSync(f.textPath).size;
    if (bytes > maxFileBytes) {
      const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
      result.errors.push(new PlanParseError(file, 1, `${mb(bytes)}, over the ${mb(maxFileBytes)} limit for a plan file; not indexed`));
      continue;
    }
    try {
      const sidecar = f.sidecarPath ? readSidecar(f.sidecarPath) : undefined;
      const { plan, warnings } = parsePlan({ planId: f.planId, file, raw: readFileSync(f.textPath, "utf8"), sidecar });
      result.plans.push(plan);
      result.warnings.push(...warnings.map((w) => ({ ...w, file })));
    } catch (err) {
      if (err instanceof PlanParseError) result.errors.push(err);
      else throw err;
    }
  }
  return result;
}

function readSidecar(path: string): PlanMetaSidecar {
  const file = join(basename(join(path, "..")), basename(path));
  const content = readFileSync(path, "utf8");
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (err) {
    const message = (err as Error).message;
    throw new PlanParseError(file, jsonErrorLine(content, message), `invalid JSON: ${message.split("\n")[0]}`);
  }
  const parsed = PlanMetaSidecar.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // The line of the offending key (an unknown key has an empty path and names itself in `keys`).
    const key = issue.path[0] ?? ("keys" in issue ? issue.keys[0] : undefined);
    const at = typeof key === "string" ? content.split("\n").findIndex((l) => l.includes(`"${key}"`)) : -1;
    throw new PlanParseError(file, at + 1 || 1, `${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return parsed.data;
}

/** The line of a JSON syntax error: from `(line N …)` or `at position N` in the message, else the last line. */
function jsonErrorLine(content: string, message: string): number {
  const line = /\(line (\d+)/.exec(message);
  if (line) return Number(line[1]);
  const position = /at position (\d+)/.exec(message);
  const upTo = position ? content.slice(0, Number(position[1])) : content.trimEnd();
  return upTo.split("\n").length;
}
