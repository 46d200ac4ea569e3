import type { PolicyIndex } from "../index/store.ts";
import { canonicalUnit, unitFamily } from "../ingest/units.ts";
import { districtNames } from "../understand/lexicon.ts";
import type { Understanding } from "../understand/understand.ts";
import { askerSpans } from "./asker.ts";
import { evidenceFor, misspeltDistricts, questionConcepts } from "./concepts.ts";
import { englishConcepts, englishTerms } from "./english.ts";
import { generalWords } from "./general.ts";
import { leadInsYield } from "./leadins.ts";
import { synonymsThroughTypos, typoCorrections } from "./typos.ts";
import { type ClauseFilter, type ClauseHit, type SearchOptions, searchClauses } from "./hybrid.ts";
import { warmPlaces } from "../understand/places.ts";

/**
 * Retrieval for an understood question: filtered to the districts it names, one ranking per district
 * for comparisons, and the unit index for "what is unit Y responsible for". Every hit carries its
 * evidence (which of the question's concepts it says).
 */
/** How a question is retrieved: every clause of the named units, one ranking per district, or one ranking. */
export type RetrievalStrategy = "unit" | "perDistrict" | "ranked" | "numbered";

export async function retrieve(
  index: PolicyIndex,
  u: Understanding,
  k = 5,
  strategy: RetrievalStrategy = "ranked",
  /** The caller's restriction (a widget for one district, an integrator's plans), applied inside every search. */
  filter: ClauseFilter = {},
): Promise<ClauseHit[]> {
  if (strategy === "numbered") return numberedClauses(index, u);
  const english = u.lang === "en" ? englishConcepts(index, u) : null;
  // An English question the glossary reads none of may still be read by the dictionary (high-frequency matters → 高频 事项).
  const dictionaryOnly = !u.retrievalText.trim() && english !== null && english.terms.length > 0;
  const query = dictionaryOnly ? english.terms.join(" ") : u.retrievalText;
  if (!query.trim()) return [];
  // An English question's concepts are the glossary's joined by the dictionary's (its own when it has none).
  const concepts = english?.ownConcepts ? english.concepts : [...questionConcepts(index, u), ...(english?.concepts ?? [])];
  // A misspelt district (北糖) filters (below); its name in the expansion would favour clauses that name it (北塘电信分公司).
  const districts = new Set(districtNames(index.plans.map((p) => p.meta)).flatMap((d) => d.names));
  const corrections = u.lang === "zh" ? typoCorrections(index, query) : [];
  // A typo's word, and the plan words of a spoken phrase the typo hid (开公思 → 开公司 → 企业开办).
  const typos = [
    ...corrections.map((t) => t.meant).filter((w) => !districts.has(w)),
    ...synonymsThroughTypos(query, corrections).flatMap((f) => f.value),
  ];
  const base: SearchOptions = {
    expansion: [...u.expansion, ...typos, ...(dictionaryOnly ? [] : (english?.terms ?? []))].join(" "),
    // An embedding model reads the question as asked (English too), completed from the conversation for a follow-up.
    embedText: u.followup ? `${u.retrievalText} ${u.question}` : u.question,
    concepts,
    understoodShare: english ? english.share : 1,
    evidenceRanking: { commonWordsWeighLess: !english, background: u.lang === "zh" ? askerSpans(u.retrievalText) : [] },
    districts: filter.districts?.length ? filter.districts : u.districts.length ? u.districts : misspeltDistricts(index, u),
    planIds: filter.planIds,
  };

  const leadIns = { wholeQuestionLeads: u.lang === "zh" };
  if (strategy === "unit" && u.units.length)
    return unitClauses(index, u, k, await searchClauses(index, query, { ...base, k: 50 }), filter.planIds);

  if (strategy === "perDistrict" && u.districts.length !== 1) {
    const districts = u.districts.length >= 2 ? u.districts : [...new Set(index.plans.map((p) => p.meta.district))];
    const perDistrict = await Promise.all(
      districts.map((d) =>
        searchClauses(index, query, { ...base, k, districts: [d] }).then((hits) => leadInsYield(evidenceBreaksTies(hits), leadIns)),
      ),
    );
    return interleave(perDistrict).slice(0, Math.max(k, districts.length));
  }
  return leadInsYield(evidenceBreaksTies(await searchClauses(index, query, { ...base, k })), leadIns);
}

/**
 * Two rankings fused by reciprocal rank tie whenever they swap two clauses (first and second in one,
 * second and first in the other); the clause that says more of the question then comes first.
 */
export function evidenceBreaksTies(hits: ClauseHit[]): ClauseHit[] {
  const tied = (a: ClauseHit, b: ClauseHit) => Math.abs(a.score - b.score) < 1e-9;
  return hits
    .map((h, i) => ({ h, i }))
    .sort((a, b) => (tied(a.h, b.h) ? (b.h.evidence?.coverage ?? 0) - (a.h.evidence?.coverage ?? 0) || a.i - b.i : a.i - b.i))
    .map((x) => x.h);
}

/** Builds the tables retrieval makes on first use (general vocabulary, the corpus's word sounds, CC-CEDICT's map, place names). */
export function warmUp(index: PolicyIndex): void {
  generalWords("");
  typoCorrections(index, "");
  englishTerms(index, "");
  warmPlaces();
}

/** Every clause the named units hold, best match to the rest of the question first. */
function unitClauses(index: PolicyIndex, u: Understanding, k: number, ranked: ClauseHit[], planIds?: string[]): ClauseHit[] {
  // The question names units by the alias table's names; a plan of another district writes its own (which
  // the table still recognises for matching, without renaming it).
  const holdsUnit = (clause: { units: { name: string; canonical?: string | null }[] }) =>
    clause.units.some(
      (x) =>
        u.units.includes(x.name) ||
        (x.canonical != null && u.units.includes(x.canonical)) ||
        u.units.includes(canonicalUnit(x.name).name) ||
        u.units.some((n) => unitFamily(n, [x.name]).length > 0),
    );
  const districtOf = new Map(index.plans.map((p) => [p.meta.id, p.meta.district]));
  const inScope = (planId: string) =>
    (!u.districts.length || u.districts.includes(districtOf.get(planId)!)) && (!planIds?.length || planIds.includes(planId));
  const out = ranked.filter((h) => holdsUnit(h.clause));
  const groups = questionConcepts(index, u);
  for (const clause of index.clauses.values()) {
    if (!inScope(clause.planId) || out.some((h) => h.id === clause.id)) continue;
    if (holdsUnit(clause))
      out.push({ id: clause.id, clause, score: 0, lexical: null, vector: null, evidence: evidenceFor(index, clause.id, groups) });
  }
  return out.slice(0, Math.max(k, out.length));
}

/** The clauses that carry the asked-for measure number, in the districts in scope, in corpus order (no ranking: the number decides). */
function numberedClauses(index: PolicyIndex, u: Understanding): ClauseHit[] {
  if (u.measure === null) return [];
  const districtOf = new Map(index.plans.map((p) => [p.meta.id, p.meta.district]));
  const out: ClauseHit[] = [];
  for (const clause of index.clauses.values())
    if (clause.measure === u.measure && (!u.districts.length || u.districts.includes(districtOf.get(clause.planId)!)))
      out.push({ id: clause.id, clause, score: 1, lexical: null, vector: null });
  return out;
}

function interleave<T>(lists: T[][]): T[] {
  const out: T[] = [];
  for (let i = 0; lists.some((l) => i < l.length); i++) for (const l of lists) if (i < l.length) out.push(l[i]!);
  return out;
}
