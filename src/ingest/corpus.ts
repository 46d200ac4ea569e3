import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { PlanParseError } from "../errors.ts";
import { measureGroups } from "../plan/clauses.ts";
import { type Plan, PlanMetaSidecar } from "../plan/schema.ts";
import { type ParseWarning, parsePlan, type SourceType } from "./parse.ts";
import { readPlanFile, TYPE_OF_EXTENSION } from "./read.ts";

export interface CorpusFile {
  name: string;
  path: string;
  /** The plan file's type; null for a file that is not a plan. */
  type: SourceType | null;
  /** The id the file name gives (`putuo-2021.txt`), or null: then it comes from the document. */
  planId: string | null;
  sidecarPath: string | null;
  /** Why a file that is not a plan is left out (said aloud, so nothing is skipped silently). */
  skip: string | null;
}

export interface PlanFileReport {
  file: string;
  planId: string;
  title: string;
  type: SourceType;
  measures: number;
  withUnits: number;
  targets: number;
  deadlines: number;
  warnings: number;
}

export interface CorpusLoad {
  plans: Plan[];
  errors: PlanParseError[];
  warnings: (ParseWarning & { file: string })[];
  /** Files that are not plans, with what they are: `contacts.json: unit contact directory …`. */
  skipped: { file: string; reason: string }[];
  /** One row per plan parsed, for the ingest report. */
  report: PlanFileReport[];
  /** Content hash of every file read, keyed by file name: the index manifest compares these. */
  hashes: Record<string, string>;
}

export const PLAN_ID_RE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*-\d{4}$/;
/** Files of the corpus folder that are not plans, as data: what each is, so the report can say so. */
const NOT_PLANS: [RegExp, string][] = [
  [/^contacts\.json$/, "unit contact directory (read by the web console), not a plan"],
  [/\.meta\.json$/, "metadata sidecar, read with its plan"],
  [/^(?:README|LICENSE)(?:\.\w+)?$/i, "notes, not a plan"],
];
/** Hidden files, editor and office lock or backup files, downloads still in progress: not the corpus yet. */
const IGNORED = /^(?:\.|~\$|Thumbs\.db$)|(?:~|\.swp|\.tmp|\.crdownload|\.part|\.download)$/i;

export function listCorpus(dir: string): CorpusFile[] {
  const names = readdirSync(dir)
    .filter((n) => !IGNORED.test(n))
    .sort();
  return names.map((name) => {
    const ext = extname(name).toLowerCase();
    const stem = name.slice(0, name.length - ext.length);
    const type = TYPE_OF_EXTENSION[ext] ?? null;
    const skip = NOT_PLANS.find(([re]) => re.test(name))?.[1] ?? null;
    const sidecar = `${stem}.meta.json`;
    return {
      name,
      path: join(dir, name),
      type: skip ? null : type,
      planId: PLAN_ID_RE.test(stem) ? stem : null,
      sidecarPath: names.includes(sidecar) ? join(dir, sidecar) : null,
      skip,
    };
  });
}

export function hashContent(content: string | Buffer): string {
  return createHash("sha256").update(content).digest("hex").slice(0, 16);
}

/** Hashes of every plan, sidecar and unreadable file, without parsing: enough to tell whether an index is stale. */
export function corpusHashes(dir: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const f of listCorpus(dir)) {
    if (f.skip && !f.name.endsWith(".meta.json")) continue;
    if (statSync(f.path).isFile()) hashes[f.name] = hashContent(readFileSync(f.path));
  }
  return hashes;
}

/**
 * Larger plan files are not indexed (an error says so): real action plans are tens to hundreds of kB of
 * text, and one huge stray file must not hold the whole index back for minutes or exhaust its memory. A PDF
 * or Word file carries fonts and images besides its text, so it may be larger.
 */
export const MAX_PLAN_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_BINARY_PLAN_FILE_BYTES = 20 * 1024 * 1024;

export interface LoadOptions {
  /** Called after each file on long runs: `(done, total, file)`. */
  progress?: (done: number, total: number, file: string) => void;
  /** The limit for text formats (.txt, .md, .html); .pdf and .docx get MAX_BINARY_PLAN_FILE_BYTES. */
  maxFileBytes?: number;
}

/** Reads and parses every plan in a folder; a broken plan is reported and the others still load. */
export async function loadCorpus(dir: string, options: LoadOptions = {}): Promise<CorpusLoad> {
  const result: CorpusLoad = { plans: [], errors: [], warnings: [], skipped: [], report: [], hashes: corpusHashes(dir) };
  const files = listCorpus(dir).filter((f) => statSync(f.path).isFile());
  const taken = new Set<string>();
  let done = 0;
  for (const f of files) {
    const file = join(basename(dir), f.name);
    if (f.skip) {
      if (!f.name.endsWith(".meta.json")) result.skipped.push({ file, reason: f.skip });
      continue;
    }
    if (!f.type) {
      result.errors.push(
        new PlanParseError(
          file,
          1,
          `unsupported file type "${extname(f.name) || f.name}": save the plan as .pdf, .docx, .html, .txt or .md`,
        ),
      );
      continue;
    }
    const bytes = statSync(f.path).size;
    const limit = f.type === "pdf" || f.type === "docx" ? MAX_BINARY_PLAN_FILE_BYTES : (options.maxFileBytes ?? MAX_PLAN_FILE_BYTES);
    if (bytes > limit) {
      const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
      result.errors.push(
        new PlanParseError(
          file,
          1,
          `${mb(bytes)}, over the ${mb(limit)} limit for a plan file; not indexed: split it or remove embedded images`,
        ),
      );
      continue;
    }
    try {
      const sidecar = f.sidecarPath ? readSidecar(f.sidecarPath) : undefined;
      const { text, hints } = await readPlanFile(file, f.type, readFileSync(f.path));
      const { plan, warnings } = parsePlan({ planId: f.planId ?? undefined, file, raw: text, sidecar, type: f.type, hints });
      plan.meta.id = uniqueId(plan.meta.id, taken);
      result.plans.push(plan);
      result.warnings.push(...warnings.map((w) => ({ ...w, file })));
      const measures = measureGroups(plan.parts).flat();
      result.report.push({
        file,
        planId: plan.meta.id,
        title: plan.meta.title,
        type: f.type,
        measures: measures.length,
        withUnits: measures.filter((m) => m.units.length).length,
        targets: measures.reduce((n, m) => n + m.targets.length, 0),
        deadlines: measures.filter((m) => m.deadline).length,
        warnings: warnings.length,
      });
    } catch (err) {
      // Whatever a file does to the readers, it costs only that file: the other plans are still indexed.
      result.errors.push(
        err instanceof PlanParseError
          ? err
          : new PlanParseError(file, 1, `could not be read (${(err as Error).message}): report this file to the maintainers`),
      );
    }
    options.progress?.(++done, files.length, file);
  }
  return result;
}

/** Two plans never share an id: a second `binhe-2024` becomes `binhe-2-2024`. */
function uniqueId(id: string, taken: Set<string>): string {
  let out = id;
  for (let k = 2; taken.has(out); k++) out = id.replace(/-(\d{4})$/, `-${k}-$1`);
  taken.add(out);
  return out;
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
