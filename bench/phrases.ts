import { readFileSync } from "node:fs";
import { listCorpus } from "../src/ingest/corpus.ts";
import { parsePlan } from "../src/ingest/parse.ts";
import { UNIT_TABLE } from "../src/ingest/units.ts";
import type { Plan, Section } from "../src/plan/schema.ts";

/**
 * Vocabulary for the synthetic corpus, taken at run time from the real plans: whole sentences, the
 * comma-separated clauses they are made of, part and section titles, intros, and unit names. The
 * district's own name is replaced by a placeholder so each synthetic district gets its name back.
 */
export interface PhrasePools {
  sentences: string[];
  clauses: string[];
  partTitles: string[];
  sectionTitles: string[];
  intros: string[];
  units: string[];
  sourcePlans: string[];
}

/** Placeholder for the short district name (普陀, 徐汇 → the synthetic district's short name). */
export const DISTRICT = "\u0001";

const BALANCED_PAIRS: [string, string][] = [
  ["（", "）"],
  ["《", "》"],
  ["“", "”"],
  ["(", ")"],
];
/** A line starting like this would be parsed as a heading or a measure: never start a paragraph with it. */
export const STRUCTURE_START_RE =
  /^(?:[一二三四五六七八九十百]+、|（[一二三四五六七八九十百\d]+）|\(\d+\)|\d{1,3}[.．、]|第[一二三四五六七八九十百零〇\d]+[章部节条])/;

function balanced(s: string): boolean {
  return BALANCED_PAIRS.every(([o, c]) => s.split(o).length === s.split(c).length);
}

const uniq = (xs: string[]) => [...new Set(xs)];

/** The text plans of a corpus folder, read synchronously (the vocabulary needs no PDF or Word reader). */
function textPlans(corpusDir: string): Plan[] {
  return listCorpus(corpusDir)
    .filter((f) => f.type === "txt")
    .map((f) => parsePlan({ planId: f.planId ?? undefined, file: f.name, raw: readFileSync(f.path, "utf8"), type: "txt" }).plan);
}

export function readPhrasePools(corpusDir: string): PhrasePools {
  const plans = textPlans(corpusDir);
  if (!plans.length) throw new Error(`no text plans in ${corpusDir}`);
  const sentences: string[] = [];
  const partTitles: string[] = [];
  const sectionTitles: string[] = [];
  const intros: string[] = [];
  for (const plan of plans) {
    const short = plan.meta.district.replace(/[区县]$/, "");
    const anon = (s: string) => (short ? s.replaceAll(short, DISTRICT) : s);
    if (plan.intro)
      intros.push(
        ...plan.intro.text
          .split("\n")
          .filter((l) => l.startsWith("为"))
          .map(anon),
      );
    for (const node of nodes(plan)) {
      const title = node.title.trim();
      if (title && title.length <= 24 && balanced(title)) ("sections" in node ? partTitles : sectionTitles).push(anon(title));
      const texts = [node.body, ...node.measures.map((m) => m.text)];
      for (const t of texts) {
        for (const s of t
          .replace(/\n/g, "")
          .replace(/具体措施：$/, "")
          .split(/(?<=[。！？])/)) {
          const sentence = s.trim();
          if (
            sentence.length >= 8 &&
            sentence.length <= 160 &&
            /[。！？]$/.test(sentence) &&
            balanced(sentence) &&
            !STRUCTURE_START_RE.test(sentence)
          ) {
            sentences.push(anon(sentence));
          }
        }
      }
    }
  }
  const clauses = uniq(
    sentences.flatMap((s) =>
      s
        .replace(/[。！？]$/, "")
        .split(/[，；：]/)
        .map((c) => c.trim())
        .filter((c) => c.length >= 4 && c.length <= 48 && balanced(c) && !STRUCTURE_START_RE.test(c)),
    ),
  );
  const units = uniq([
    ...UNIT_TABLE.flatMap((u) => [u.name, ...u.aliases]),
    // Names the unit table does not know: real plans always have some.
    "区城管执法局",
    "区体育局",
    "区档案局",
    "区残联",
    "区妇联",
    "区住房保障局",
    "区水务局",
    "区信访办",
    "区机管局",
    "区总工会",
    "各街道、镇",
  ]);
  return {
    sentences: uniq(sentences),
    clauses,
    partTitles: uniq(partTitles),
    sectionTitles: uniq(sectionTitles),
    intros: uniq(intros),
    units,
    sourcePlans: plans.map((p) => p.meta.id),
  };
}

function nodes(plan: Plan): (Section | (Section & { sections: Section[] }))[] {
  return plan.parts.flatMap((p) => [p, ...p.sections]);
}
