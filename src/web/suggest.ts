import type { Clause, Plan, Section } from "../plan/schema.ts";

export type SuggestLang = "zh" | "en";

/** Question templates per language; the subject comes from the plans, never from a fixed list of questions. */
const ASK = {
  zh: {
    section: (title: string) => `${title}有哪些措施？`,
    unit: (name: string) => `${name}负责哪些措施？`,
    unitMore: (name: string) => `${name}还负责哪些措施？`,
  },
  en: {
    topic: (en: string) => `What does the plan say about ${en}?`,
    unit: (name: string) => `What is the ${name} responsible for?`,
    unitMore: (name: string) => `What else is the ${name} responsible for?`,
  },
} as const;

/** Sections that hold something to cite (measures or a body), across the plans. */
function citableSections(plans: Plan[]): Section[] {
  return plans.flatMap((p) => p.parts.flatMap((part) => part.sections)).filter((s) => s.title.length >= 2 && s.title.length <= 16);
}

/** Units of these plans by how many clauses name them, most first; English names only where they exist. */
function unitsByCount(clauses: Clause[], lang: SuggestLang): string[] {
  const counts = new Map<string, number>();
  for (const c of clauses)
    for (const u of c.units) {
      const name = lang === "en" ? u.nameEn : u.name;
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
  const units = unitsByCount(clauses, lang);
  const sections = citableSections(plans);
  if (lang === "en") {
    const topics = [...new Set(sections.map((s) => englishTopic(s.title, options.terms ?? [])).filter((t) => t !== null))];
    const picked = spread(topics, Math.max(1, n - Math.min(1, units.length))).map(ASK.en.topic);
    return [...picked, ...units.slice(0, n - picked.length).map(ASK.en.unit)].slice(0, n);
  }
  const picked = spread(sections, Math.max(1, n - Math.min(1, units.length))).map((s) => ASK.zh.section(s.title));
  return [...picked, ...units.slice(0, n - picked.length).map(ASK.zh.unit)].slice(0, n);
}

/** Follow-ups after an answer citing these clauses: the cited unit's other measures, the cited section's other measures. */
export function followUps(plans: Plan[], cited: Clause[], asked: string, lang: SuggestLang, n = 3): string[] {
  const out: string[] = [];
  for (const c of cited) {
    const unit = c.units.find((u) => (lang === "en" ? u.nameEn : u.name));
    if (unit) out.push(lang === "en" ? ASK.en.unitMore(unit.nameEn!) : ASK.zh.unitMore(unit.name));
    if (lang === "zh") {
      const plan = plans.find((p) => p.meta.id === c.planId);
      const section = plan?.parts.flatMap((p) => p.sections).find((s) => c.sectionPath.at(-1)?.includes(s.title));
      if (section && section.title.length <= 16) out.push(ASK.zh.section(section.title));
    }
  }
  const norm = (s: string) => s.replace(/[\s？?。]/g, "");
  return [...new Set(out)].filter((q) => norm(q) !== norm(asked)).slice(0, n);
}
