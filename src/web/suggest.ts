import type { Clause, Plan, Section, UnitRef } from "../plan/schema.ts";

export type SuggestLang = "zh" | "en";

/** Question templates and naming per language; the subject comes from the plans, never from a fixed list of questions. */
interface SuggestCatalogue {
  /** A unit's name in this language, when it has one (English names only where they exist). */
  unitName: (u: UnitRef) => string | null | undefined;
  /** Questions about the plans' sections: Chinese headings as written, English only through the glossary's names. */
  topics: (sections: Section[], terms: EnglishTerm[]) => string[];
  unit: (name: string) => string;
  unitMore: (name: string) => string;
  /** A follow-up about the cited section's other measures, where the language can name the section. */
  section: ((title: string) => string) | null;
}

const sectionQuestion = (title: string) => `${title}有哪些措施？`;

const ASK: Record<SuggestLang, SuggestCatalogue> = {
  zh: {
    unitName: (u) => u.name,
    topics: (sections) => sections.map((s) => sectionQuestion(s.title)),
    unit: (name) => `${name}负责哪些措施？`,
    unitMore: (name) => `${name}还负责哪些措施？`,
    section: sectionQuestion,
  },
  en: {
    unitName: (u) => u.nameEn,
    topics: (sections, terms) =>
      [...new Set(sections.map((s) => englishTopic(s.title, terms)).filter((t) => t !== null))].map(
        (en) => `What does the plan say about ${en}?`,
      ),
    unit: (name) => `What is the ${name} responsible for?`,
    unitMore: (name) => `What else is the ${name} responsible for?`,
    section: null,
  },
};

/** Sections that hold something to cite (measures or a body), across the plans. */
function citableSections(plans: Plan[]): Section[] {
  return plans.flatMap((p) => p.parts.flatMap((part) => part.sections)).filter((s) => s.title.length >= 2 && s.title.length <= 16);
}

/** Units of these plans by how many clauses name them, most first; English names only where they exist. */
function unitsByCount(clauses: Clause[], lang: SuggestLang): string[] {
  const counts = new Map<string, number>();
  for (const c of clauses)
    for (const u of c.units) {
      const name = ASK[lang].unitName(u);
      if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([n]) => n);
}

/** Every n-th item, so suggestions cover the whole plan rather than its first chapter. */
function spread<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  const step = items.length / n;
  return Array.from({ length: n }, (_, i) => items[Math.floor(i * step + step / 2)]!);
}

/** A Chinese term and its English name (the glossary's), for saying a section's topic in English. */
export type EnglishTerm = [zh: string, en: string];

/** The English name of a section's topic: the longest glossary term the title contains. */
function englishTopic(title: string, terms: EnglishTerm[]): string | null {
  let best: EnglishTerm | null = null;
  for (const term of terms) if (term[0].length >= 2 && title.includes(term[0]) && (!best || term[0].length > best[0].length)) best = term;
  return best?.[1] ?? null;
}

/**
 * Starter questions for a page's districts, drawn from their plans: section topics and the busiest units. English
 * questions use only English names that exist (the units' and the glossary's), never a Chinese heading.
 */
export function starterQuestions(
  plans: Plan[],
  clauses: Clause[],
  lang: SuggestLang,
  options: { n?: number; terms?: EnglishTerm[] } = {},
): string[] {
  const n = options.n ?? 3;
  const ask = ASK[lang];
  const units = unitsByCount(clauses, lang);
  const topics = ask.topics(citableSections(plans), options.terms ?? []);
  const picked = spread(topics, Math.max(1, n - Math.min(1, units.length)));
  return [...picked, ...units.slice(0, n - picked.length).map(ask.unit)].slice(0, n);
}

/** Follow-ups after an answer citing these clauses: the cited unit's other measures, the cited section's other measures. */
export function followUps(plans: Plan[], cited: Clause[], asked: string, lang: SuggestLang, n = 3): string[] {
  const out: string[] = [];
  const ask = ASK[lang];
  for (const c of cited) {
    const unit = c.units.map(ask.unitName).find((name) => name);
    if (unit) out.push(ask.unitMore(unit));
    if (ask.section) {
      const plan = plans.find((p) => p.meta.id === c.planId);
      const section = plan?.parts.flatMap((p) => p.sections).find((s) => c.sectionPath.at(-1)?.includes(s.title));
      if (section && section.title.length <= 16) out.push(ask.section(section.title));
    }
  }
  const norm = (s: string) => s.replace(/[\s？?。]/g, "");
  return [...new Set(out)].filter((q) => norm(q) !== norm(asked)).slice(0, n);
}
