import { loadConfig } from "../config.ts";
import { ensureIndex } from "../index/store.ts";
import { searchClauses } from "../retrieve/hybrid.ts";
import { runCli, UsageError } from "./run.ts";

const USAGE = 'usage: npm run search -- "question" [--k 1..100] [--json] [--plan ID] [--district 普陀区]';

/** `npm run search -- "电子印章由谁负责" [--k 5] [--json] [--plan putuo-2021] [--district 普陀区]` */
await runCli(
  USAGE,
  {
    allowPositionals: true,
    options: {
      k: { type: "string", default: "5" },
      json: { type: "boolean", default: false },
      plan: { type: "string", multiple: true },
      district: { type: "string", multiple: true },
    },
  },
  async ({ values, positionals }) => {
    const query = positionals.join(" ").trim();
    const k = Number(values.k);
    if (!query) throw new UsageError("no question given");
    if (!Number.isInteger(k) || k < 1 || k > 100) throw new UsageError(`--k must be an integer from 1 to 100, got ${values.k}`);
    const config = loadConfig();
    const index = await ensureIndex(config, (m) => console.error(m));
    const hits = await searchClauses(index, query, { k, planIds: values.plan, districts: values.district });

    if (values.json) {
      const rows = hits.map((h) => ({
        id: h.id,
        score: Number(h.score.toFixed(5)),
        planId: h.clause.planId,
        measure: h.clause.measure,
        sectionPath: h.clause.sectionPath,
        units: h.clause.units,
        lexical: h.lexical,
        vector: h.vector,
        text: h.clause.text,
      }));
      console.log(JSON.stringify(rows, null, 2));
    } else {
      if (!hits.length) console.log("no matching clause");
      hits.forEach((h, i) => {
        const units = h.clause.units.map((u) => u.name).join("、") || "—";
        const ranks = `bm25 #${h.lexical?.rank ?? "-"}, vector #${h.vector?.rank ?? "-"}`;
        console.log(`${i + 1}. ${h.id}  score ${h.score.toFixed(4)} (${ranks})`);
        console.log(`   ${h.clause.sectionPath.join(" > ")}`);
        console.log(`   责任单位: ${units}`);
        console.log(`   ${h.clause.text.length > 120 ? `${h.clause.text.slice(0, 120)}…` : h.clause.text}`);
      });
    }
  },
);
