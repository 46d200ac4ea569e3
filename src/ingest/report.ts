import type { CorpusLoad } from "./corpus.ts";
import type { ParseWarning } from "./parse.ts";

/** `corpus/x.pdf:p.3` for a PDF page, `corpus/x.txt:12` for a line. */
export function warningLine(w: ParseWarning & { file: string }): string {
  return `${w.file}:${w.page ? `p.${w.page}` : w.line}: ${w.message}`;
}

const width = (s: string) =>
  [...s].reduce(
    (n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1),
    0,
  );
const pad = (s: string, n: number, right = false) =>
  right ? " ".repeat(Math.max(0, n - width(s))) + s : s + " ".repeat(Math.max(0, n - width(s)));
const clip = (s: string, n: number) => {
  let out = "";
  for (const ch of s) {
    if (width(out + ch) > n - 1) return `${out}…`;
    out += ch;
  }
  return out;
};

/** The ingest report: one row per plan, then what was skipped and what failed, each on one line. */
export function ingestReport(corpus: CorpusLoad): string {
  const head = ["id", "title", "type", "measures", "with units", "targets", "deadlines", "warnings"];
  const rows = corpus.report.map((r) => [
    r.planId,
    clip(r.title, 36),
    r.type,
    String(r.measures),
    String(r.withUnits),
    String(r.targets),
    String(r.deadlines),
    String(r.warnings),
  ]);
  const widths = head.map((h, k) => Math.max(width(h), ...rows.map((r) => width(r[k]!))));
  const line = (cells: string[]) => cells.map((c, k) => pad(c, widths[k]!, k >= 3)).join("  ");
  const out = [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
  for (const s of corpus.skipped) out.push(`skipped ${s.file}: ${s.reason} (nothing lost)`);
  for (const e of corpus.errors) out.push(`not indexed ${e.message}`);
  return out.join("\n");
}

/** A progress line every `every` files on runs longer than `min` files: `parsed 20/120 files (corpus/x.pdf)`. */
export function progressLog(log: (m: string) => void, { every = 10, min = 20 } = {}) {
  return (done: number, total: number, file: string) => {
    if (total >= min && (done % every === 0 || done === total)) log(`parsed ${done}/${total} files (${file})`);
  };
}
