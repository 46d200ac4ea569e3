import type { RunResult } from "./synthetic.ts";
import type { LatencyStats } from "./worker.ts";

/** Prints one column per corpus size, then the growth between consecutive sizes. */

type Cell = string | number | null | undefined;
type Row = [label: string, cells: Cell[]] | [section: string];

const MB = 2 ** 20;
const fix = (x: number | undefined | null, digits = 1) => (x === undefined || x === null || Number.isNaN(x) ? "-" : x.toFixed(digits));
const mb = (bytes: number | undefined) => (bytes === undefined ? "-" : (bytes / MB).toFixed(1));
const secs = (ms: number | undefined) => (ms === undefined ? "-" : (ms / 1000).toFixed(2));

export function printReport(results: RunResult[], { queries }: { queries: number }): void {
  const col = (f: (r: RunResult) => Cell) => results.map((r) => f(r));
  const rows: Row[] = [];
  rows.push(["corpus"]);
  rows.push(["plans", col((r) => r.plans)]);
  rows.push(["districts", col((r) => r.generate.districts)]);
  rows.push(["formats putuo/xuhui/lead/paren/article", col((r) => Object.values(r.generate.formats).join("/"))]);
  rows.push(["corpus text MB", col((r) => mb(r.generate.bytes))]);
  rows.push(["measures written", col((r) => r.generate.measures)]);
  rows.push(["measures parsed", col((r) => r.build?.counts.measures)]);
  rows.push(["sections with body only (xuhui)", col((r) => r.generate.bodySections)]);
  rows.push(["paragraphs with page-break damage", col((r) => r.generate.damaged)]);
  rows.push(["citable clauses", col((r) => r.build?.counts.clauses)]);
  rows.push(["chunks", col((r) => r.build?.counts.chunks)]);
  rows.push(["avg indexed chars per chunk", col((r) => fix(r.build?.counts.avgChunkChars, 0))]);
  rows.push(["parse errors / warnings", col((r) => (r.build ? `${r.build.counts.parseErrors} / ${r.build.counts.parseWarnings}` : "-"))]);
  rows.push(["lexical terms / postings", col((r) => (r.build ? `${r.build.counts.lexicalTerms} / ${r.build.counts.postings}` : "-"))]);

  rows.push(["build (fresh process), seconds [of which: j = inside jieba, gc = GC pauses]"]);
  rows.push(["total buildIndex", col((r) => secs(r.build?.totalMs))]);
  const stageNames = [...new Set(results.flatMap((r) => r.build?.stages.map((s) => s.stage) ?? []))];
  for (const stage of stageNames) {
    rows.push([
      stage,
      col((r) => {
        const s = r.build?.stages.find((x) => x.stage === stage);
        if (!s) return "-";
        const notes = [s.jiebaMs >= 50 ? `j ${secs(s.jiebaMs)}` : "", s.gcMs >= 50 ? `gc ${secs(s.gcMs)}` : ""].filter(Boolean);
        return notes.length ? `${secs(s.ms)} [${notes.join(", ")}]` : secs(s.ms);
      }),
    ]);
  }
  rows.push(["GC pauses during build, s", col((r) => secs(r.build?.gcMs))]);
  rows.push(["RSS MB at start (node + tsx + imports)", col((r) => mb(r.build?.rssAtStart))]);
  rows.push(["peak RSS MB (build process)", col((r) => mb(r.build?.peakRss))]);
  rows.push(["peak heap MB (at stage boundaries)", col((r) => mb(r.build?.peakHeapAtMarks))]);
  rows.push([
    "after build: RSS / heap MB (GC'd, index held)",
    col((r) => (r.build ? `${mb(r.build.afterBuild.rss)} / ${mb(r.build.afterBuild.heapUsed)}` : "-")),
  ]);

  rows.push(["index on disk, MB"]);
  const files = [...new Set(results.flatMap((r) => Object.keys(r.indexFiles ?? {})))];
  for (const f of files) rows.push([f, col((r) => (r.indexFiles ? (r.indexFiles[f]! / MB).toFixed(f === "manifest.json" ? 3 : 1) : "-"))]);
  rows.push(["total", col((r) => (r.indexFiles ? mb(Object.values(r.indexFiles).reduce((a, b) => a + b, 0)) : "-"))]);

  rows.push([`load + ${queries} queries (fresh process)`]);
  rows.push(["loadIndex ms", col((r) => fix(r.serve?.loadMs, 0))]);
  const loadStages = [...new Set(results.flatMap((r) => r.serve?.loadStages.map((s) => s.stage) ?? []))];
  for (const stage of loadStages) rows.push([`  ${stage}`, col((r) => fix(r.serve?.loadStages.find((s) => s.stage === stage)?.ms, 0))]);
  rows.push(["RSS MB added by loadIndex (after GC)", col((r) => (r.serve ? mb(r.serve.afterLoad.rss - r.serve.rssBeforeLoad) : "-"))]);
  rows.push([
    "after load: RSS / heap MB (GC'd)",
    col((r) => (r.serve ? `${mb(r.serve.afterLoad.rss)} / ${mb(r.serve.afterLoad.heapUsed)}` : "-")),
  ]);
  rows.push(["peak RSS MB during load", col((r) => mb(r.serve?.peakRssAfterLoad))]);
  rows.push(["peak RSS MB after queries", col((r) => mb(r.serve?.peakRss))]);
  rows.push(["first (cold) query ms", col((r) => fix(r.serve?.firstQueryMs))]);
  const latency = (name: string, pick: (r: RunResult) => LatencyStats | undefined) => {
    rows.push([`${name}: n`, col((r) => pick(r)?.n)]);
    rows.push([
      `${name}: p50 / p95 / max ms`,
      col((r) => {
        const s = pick(r);
        return s ? `${fix(s.p50)} / ${fix(s.p95)} / ${fix(s.max)}` : "-";
      }),
    ]);
    rows.push([
      `${name}: median bm25 / embed / hnsw / rest ms`,
      col((r) => {
        const s = pick(r);
        return s ? `${fix(s.parts.bm25)} / ${fix(s.parts.embed)} / ${fix(s.parts.hnsw)} / ${fix(s.parts.rest)}` : "-";
      }),
    ]);
    rows.push([
      `${name}: source plan in top 5`,
      col((r) => {
        const s = pick(r);
        return s ? `${(s.sourcePlanAt5 * 100).toFixed(0)}%` : "-";
      }),
    ]);
  };
  latency("all queries", (r) => r.serve?.queries.all);
  latency("no filter", (r) => r.serve?.queries.unfiltered);
  latency("districts filter", (r) => r.serve?.queries.filtered);
  const pct = (x: number | undefined) => (x === undefined ? "-" : `${(x * 100).toFixed(1)}%`);
  for (const [name, key] of [
    ["no filter", "unfiltered"],
    ["districts filter", "filtered"],
  ] as const) {
    rows.push([
      `${name}: vs exhaustive, chunks hit@1 / recall@10`,
      col((r) => (r.serve ? `${pct(r.serve.recall[key].chunkHitAt1)} / ${pct(r.serve.recall[key].chunkRecallAt10)}` : "-")),
    ]);
    rows.push([
      `${name}: vs exhaustive, clauses hit@1 / recall@10`,
      col((r) => (r.serve ? `${pct(r.serve.recall[key].clauseHitAt1)} / ${pct(r.serve.recall[key].clauseRecallAt10)}` : "-")),
    ]);
  }

  printTable(
    rows,
    results.map((r) => `${r.plans} plans`),
  );

  for (const r of results)
    if (r.failure)
      console.log(
        `\n${r.plans} plans FAILED in ${r.failure.stage}: ${r.failure.message}\n  last progress:\n    ${r.failure.lastProgress.join("\n    ")}`,
      );

  const ok = results.filter((r) => r.build && r.serve);
  if (ok.length > 1) {
    console.log("\ngrowth between consecutive sizes (ratio of the larger to the smaller run):");
    const g: Row[] = [];
    const pairs = ok.slice(1).map((r, i) => [ok[i]!, r] as const);
    const ratio = (f: (r: RunResult) => number | undefined) =>
      pairs.map(([a, b]) => {
        const x = f(a);
        const y = f(b);
        return x && y ? `×${(y / x).toFixed(1)}` : "-";
      });
    g.push(["chunks", ratio((r) => r.build?.counts.chunks)]);
    g.push(["build time", ratio((r) => r.build?.totalMs)]);
    for (const stage of stageNames) g.push([`  ${stage.trim()}`, ratio((r) => r.build?.stages.find((s) => s.stage === stage)?.ms)]);
    g.push(["peak RSS (build)", ratio((r) => r.build?.peakRss)]);
    g.push(["index on disk", ratio((r) => Object.values(r.indexFiles ?? {}).reduce((a, b) => a + b, 0))]);
    g.push(["loadIndex time", ratio((r) => r.serve?.loadMs)]);
    g.push(["RSS added by load", ratio((r) => (r.serve ? r.serve.afterLoad.rss - r.serve.rssBeforeLoad : undefined))]);
    g.push(["query p50 (no filter)", ratio((r) => r.serve?.queries.unfiltered.p50)]);
    g.push(["query p95 (no filter)", ratio((r) => r.serve?.queries.unfiltered.p95)]);
    g.push(["query p50 (districts filter)", ratio((r) => r.serve?.queries.filtered.p50)]);
    g.push(["query p95 (districts filter)", ratio((r) => r.serve?.queries.filtered.p95)]);
    printTable(
      g,
      pairs.map(([a, b]) => `${a.plans}→${b.plans}`),
    );
    console.log("\nper 1,000 chunks:");
    printTable(
      [
        ["build s", ok.map((r) => fix(((r.build!.totalMs / r.build!.counts.chunks) * 1000) / 1000, 2))],
        ["index MB", ok.map((r) => fix(Object.values(r.indexFiles!).reduce((a, b) => a + b, 0) / MB / (r.build!.counts.chunks / 1000), 2))],
        [
          "RSS added by load MB",
          ok.map((r) => fix((r.serve!.afterLoad.rss - r.serve!.rssBeforeLoad) / MB / (r.build!.counts.chunks / 1000), 1)),
        ],
        ["query p50 ms (no filter)", ok.map((r) => fix(r.serve!.queries.unfiltered.p50 / (r.build!.counts.chunks / 1000), 3))],
      ],
      ok.map((r) => `${r.plans} plans`),
    );
  }
}

function printTable(rows: Row[], headers: string[]): void {
  const labelWidth = Math.max(20, ...rows.filter((r) => r.length > 1).map((r) => r[0].length + cjkExtra(r[0]))) + 4;
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[1] ? String(r[1][i] ?? "-").length : 0))) + 2);
  const line = (label: string, cells: string[]) => pad(label, labelWidth) + cells.map((c, i) => c.padStart(widths[i]!)).join("");
  console.log(`\n${line("", headers)}`);
  for (const r of rows) {
    if (r.length === 1) console.log(`\n${r[0]}`);
    else
      console.log(
        line(
          `  ${r[0]}`,
          r[1].map((c) => (c === null || c === undefined ? "-" : String(c))),
        ),
      );
  }
}

/** Wide (CJK) characters take two columns. */
function cjkExtra(s: string): number {
  return (s.match(/[\u3000-\u9fff\uff00-\uffef]/g) ?? []).length;
}

function pad(s: string, width: number): string {
  return s + " ".repeat(Math.max(0, width - s.length - cjkExtra(s)));
}
