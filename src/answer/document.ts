import { countMeasures } from "../plan/clauses.ts";
import type { Clause, Plan } from "../plan/schema.ts";
import type { DocumentAspect, DocumentQuestion } from "../understand/document.ts";
import type { Lang } from "../understand/script.ts";
import { type Corpus, citationOf, statusOf } from "./cite.ts";
import { MESSAGES } from "./messages.ts";
import { absentPlanYear } from "./plan-year.ts";
import type { Citation } from "./schema.ts";

/**
 * The plan as a document: answered from its metadata and outline (and, where the metadata lacks a field,
 * from the plan's own cover and closing text), citing the plan itself (`<planId>:plan`).
 */

export interface DocumentAnswer {
  text: string;
  citations: Citation[];
  /** False when no plan in scope states what was asked. */
  found: boolean;
}

export function planCitation(plan: Plan): Citation {
  const m = plan.meta;
  const facts = [
    m.docNumber ?? docNumberOf(plan),
    m.issuer,
    m.issueDate ? `${zhDate(m.issueDate)}印发` : issueDateOf(plan) && `${issueDateOf(plan)}印发`,
    effectiveOf(plan) && `自${effectiveOf(plan)}起施行`,
  ].filter(Boolean);
  return {
    id: `${m.id}:plan`,
    planId: m.id,
    planTitle: m.title,
    district: m.district,
    kind: "plan",
    measure: null,
    sectionPath: [],
    units: [],
    text: `《${m.title}》${facts.length ? `（${facts.join("；")}）` : ""}`,
  };
}

function zhDate(iso: string): string {
  const [y, mo, d] = iso.split("-").map(Number);
  return `${y}年${mo}月${d}日`;
}

const head = (plan: Plan) => plan.text.slice(0, 800);
function docNumberOf(plan: Plan): string | null {
  return /[\p{Script=Han}]{1,8}〔\d{4}〕\d+号/u.exec(head(plan))?.[0] ?? null;
}
function issueDateOf(plan: Plan): string | null {
  const m = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*印发/.exec(plan.text);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : null;
}
function effectiveOf(plan: Plan): string | null {
  if (plan.meta.effectiveDate) return zhDate(plan.meta.effectiveDate);
  const m = /自\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*起(?:施行|实施|执行|生效)/.exec(plan.text);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : null;
}
/** The plan's own sentence on when it applies, where it gives no date (本方案自印发之日起施行). */
function effectiveWordsOf(plan: Plan): string | undefined {
  const text = plan.closing?.text ?? plan.text.slice(-600);
  const m = /[^。；\n]{0,10}自(?![^。，\n]*\d{4}\s*年)[^。，\n]{1,14}起(?:施行|实施|执行|生效)/.exec(text);
  return m?.[0].trim();
}
/** Titles the plan's closing says it repeals (原《…》同时废止), where its metadata lists none. */
function supersededOf(plan: Plan): string[] {
  const text = plan.closing?.text ?? plan.text.slice(-600);
  // As the plan writes it: 《title》, with its 文号 where one follows (原《…》（东政发〔2021〕5号）同时废止).
  const named = (title: string) => {
    const at = text.indexOf(`${title}》（`);
    const number = at < 0 ? undefined : /^（([^）]{2,24}〔\d{4}〕\d+号)）/.exec(text.slice(at + title.length + 1))?.[1];
    return `《${title}》${number ? `（${number}）` : ""}`;
  };
  if (plan.meta.supersedes?.length) return plan.meta.supersedes.map(named);
  const found = [...text.matchAll(/《([^》]{4,80})》[^。《]{0,24}?(?:同时)?(?:废止|停止执行|不再执行|自行失效)/g)].map((m) => m[1]!);
  // A title set in mixed-width brackets (（2021—2023年)) is quoted with matching ones.
  return [...new Set(found.map((t) => (t.includes("（") && !t.includes("）") ? t.replace(/\)/g, "）") : t)))].map(named);
}
/** The plan's period, with its own words on validity where they say more (2024—2026年，有效期至2026年12月31日). */
function validityOf(plan: Plan): string | null {
  const period = plan.meta.period?.text ?? null;
  const stated = /有效期[^。；\n]{2,40}/.exec(plan.closing?.text ?? "")?.[0] ?? /有效期[^。；\n]{2,40}/.exec(plan.text)?.[0] ?? null;
  if (period && stated && !stated.includes(period)) return `${period}，${stated}`;
  return period ?? stated;
}
function basisOf(plan: Plan): string[] {
  if (plan.meta.basis?.length) return plan.meta.basis;
  const intro = plan.intro?.text ?? "";
  const titles = [...intro.matchAll(/《([^》]{4,60})》/g)].map((m) => m[1]!).filter((t) => t !== plan.meta.title);
  return [...new Set(titles)];
}
function recipientsOf(plan: Plan): string | null {
  // The addressees open the cover letter's body, on their own line or right after its title (…的通知各部、委…：).
  return /(?:^|通知)\s*(各[^：:\n]{2,80})[：:]/m.exec(head(plan))?.[1] ?? null;
}
function copiesOf(plan: Plan): string | null {
  return /共印\s*(\d+)\s*份/.exec(plan.text)?.[1] ?? null;
}

/** Which part of a plan a part question asks about (0-based), or -1 when the plan has no such part. */
function partIndex(plan: Plan, q: DocumentQuestion): number {
  if (q.partTitle) return plan.parts.findIndex((p) => p.title === q.partTitle || p.heading.includes(q.partTitle!));
  if (q.last) {
    // The closing requirements are the last part with content of its own, not an appendix of 附则.
    let i = plan.parts.length - 1;
    while (i > 0 && /附则/.test(plan.parts[i]!.title)) i--;
    return i;
  }
  const n = (q.part ?? 0) - 1;
  return n < plan.parts.length ? n : -1;
}

/** The sentences of a plan's own prose (intro, part and section lead-ins) that say what it measures itself against. */
function benchmarksOf(plan: Plan): string[] {
  const prose = [plan.intro?.text ?? "", ...plan.parts.flatMap((p) => [p.body, ...p.sections.map((s) => s.body)])].join("\n");
  const sentences = prose.split(/[。；\n]/).map((x) => x.trim());
  return [...new Set(sentences.filter((x) => /对标/.test(x) && x.length <= 120))].slice(0, 3);
}

/**
 * Clauses that say how the plan's implementation is reported or supervised, closing parts first: its prose,
 * or a measure that carries the closing paragraph (a plan whose last measure runs into 各责任单位要…报送).
 */
const REPORTS = /(?:报送|上报|汇报)[^。]{0,12}(?:进展|进度|情况)|(?:进展|进度)[^。]{0,6}(?:报送|上报)|(?<!监)督查|督办|跟踪问效/;
function reportingOf(corpus: Corpus & { clauses: ReadonlyMap<string, Clause> }, plan: Plan): Clause[] {
  const own = [...corpus.clauses.values()].filter((c) => c.planId === plan.meta.id && REPORTS.test(c.text));
  const prose = own.filter((c) => c.kind !== "measure");
  const measures = own.filter((c) => c.kind === "measure" && REPORTS.test(c.text.split("\n").slice(1).join("\n")));
  return [...prose.reverse(), ...measures.reverse()].slice(0, 2);
}

/** The plan's own note on how its lists mark the lead unit (表中列有多个责任单位的，排在第一位的为牵头单位). */
const ROLE_NOTE =
  /[^。；\n]*(?:排(?:在)?(?:第一|首)位|列(?:于|在)?(?:第一|首)位|第一(?:个)?单位|居首)[^。；\n]*牵头[^。；\n]*|[^。；\n]*牵头单位[^。；\n]*(?:排(?:在)?(?:第一|首)位|列(?:于|在)?(?:第一|首)位|居首)[^。；\n]*/;
function roleNoteOf(corpus: Corpus & { clauses: ReadonlyMap<string, Clause> }, plan: Plan): { clause: Clause; note: string } | null {
  for (const c of corpus.clauses.values()) {
    if (c.planId !== plan.meta.id || c.kind === "measure") continue;
    const m = ROLE_NOTE.exec(c.text);
    if (m) return { clause: c, note: m[0].trim() };
  }
  return null;
}

/** One plan's answer to one aspect, or null when the plan does not state it. */
function fact(
  corpus: Corpus & { clauses: ReadonlyMap<string, Clause> },
  plan: Plan,
  aspect: DocumentAspect,
  lang: Lang,
  q: DocumentQuestion,
): string | null {
  const m = plan.meta;
  const say = MESSAGES[lang].document;
  const t = MESSAGES[lang].cite.planName(m);
  const sections = plan.parts.flatMap((p) => p.sections);
  switch (aspect) {
    case "title":
      return say.title(m.title, m.titleEn ?? null, lang === "en" ? (m.districtEn ?? m.district) : m.district);
    case "docNumber": {
      const n = m.docNumber ?? docNumberOf(plan);
      return n && say.docNumber(t, n);
    }
    case "issuer":
      return m.issuer && say.issuer(t, m.issuer);
    case "recipients": {
      const r = recipientsOf(plan);
      return r && say.recipients(t, r);
    }
    case "copies": {
      const c = copiesOf(plan);
      return c && say.copies(t, c);
    }
    case "issueDate": {
      const d = m.issueDate ? zhDate(m.issueDate) : issueDateOf(plan);
      // A web page's 发布日期 beside its 成文日期: both are said where they differ.
      const published = m.publishedDate && m.publishedDate !== m.issueDate ? say.published(zhDate(m.publishedDate), m.publishedDate) : "";
      return d && `${say.issueDate(t, d, m.issueDate ?? d)}${lang === "en" && published ? " " : ""}${published}`;
    }
    case "effectiveDate": {
      const d = effectiveOf(plan);
      const words = effectiveWordsOf(plan);
      if (words && !d) return say.inWords(t, words);
      // A plan that states no effective date says so, with the day it was issued: what the caller can act on.
      if (!d) return m.issueDate ? say.noEffectiveDate(t, zhDate(m.issueDate), m.issueDate) : null;
      return say.effectiveDate(t, d, m.effectiveDate ?? null, words);
    }
    case "validity": {
      // Whether it is in force today goes with its period; a plan that states none says when it took effect.
      const v = validityOf(plan);
      if (v) return say.validity(t, v, MESSAGES[lang].document.status[statusOf(corpus, m)]);
      // Only a date the plan itself gives: an issue date is not an effective date unless the plan says so.
      const from = effectiveOf(plan);
      return from && say.noPeriod(t, from, effectiveWordsOf(plan));
    }
    case "supersedes": {
      const old = supersededOf(plan);
      return old.length ? say.supersedes(t, old) : null;
    }
    case "basis": {
      const b = basisOf(plan);
      return b.length ? say.basis(t, b) : null;
    }
    case "count": {
      // 第三部分有多少条措施 counts that part's measures, not the plan's.
      const p = q.aspects.includes("part") ? plan.parts[partIndex(plan, q)] : undefined;
      if (p) return say.partCount(t, partIndex(plan, q) + 1, p.heading, countMeasures([{ ...plan, parts: [p] }]));
      return say.count(t, countMeasures([plan]), plan.parts.length, sections.length);
    }
    case "sections":
      return say.sections(
        t,
        plan.parts.map((p) => ({ heading: p.heading, sections: p.sections.length })),
        sections.length,
      );
    case "parts":
      return say.parts(
        t,
        plan.parts.map((p) => p.heading),
      );
    case "reporting": {
      const r = reportingOf(corpus, plan);
      return r.length
        ? say.reporting(
            t,
            r.map((c) => c.text),
          )
        : null;
    }
    case "roles": {
      const r = roleNoteOf(corpus, plan);
      return r && say.roles(t, r.note);
    }
    case "benchmark": {
      const b = benchmarksOf(plan);
      return b.length ? say.benchmark(t, b) : null;
    }
    case "part": {
      const i = partIndex(plan, q);
      const p = plan.parts[i];
      if (!p) return null;
      const body = p.body ?? "";
      return say.part(
        t,
        i + 1,
        p.heading,
        body.slice(0, 200),
        body.length > 200,
        p.sections.map((s) => s.title),
      );
    }
  }
}

/** Answers a document question for every plan in scope; the clause a fact comes from is cited after the plan. */
export function documentAnswer(
  corpus: Corpus & { clauses: ReadonlyMap<string, Clause> },
  plans: Plan[],
  q: DocumentQuestion,
  lang: Lang,
): DocumentAnswer {
  const lines: string[] = [];
  const citations: Citation[] = [];
  const missing: string[] = [];
  let found = false;
  // A part named by its title is asked of the plans that have it.
  const having = q.partTitle ? plans.filter((p) => partIndex(p, q) >= 0) : [];
  for (const plan of having.length ? having : plans) {
    const facts = q.aspects.map((a) => ({ a, text: fact(corpus, plan, a, lang, q) }));
    const stated = facts.filter((f) => f.text);
    for (const f of facts) {
      if (f.text) lines.push(f.text);
      else missing.push(MESSAGES[lang].document.notStated(plan.meta.title, MESSAGES[lang].document.what[f.a]));
    }
    if (!stated.length) continue;
    found = true;
    // Reporting is said by clauses of the plan: they come first, the plan after.
    if (stated.some((f) => f.a === "reporting")) for (const c of reportingOf(corpus, plan)) citations.push(citationOf(corpus, c));
    const roleNote = stated.some((f) => f.a === "roles") ? roleNoteOf(corpus, plan) : null;
    if (roleNote) citations.push(citationOf(corpus, roleNote.clause));
    // A part of prose alone (一、总体目标, no sections) is said by its own chunk: that is cited first.
    const part = stated.some((f) => f.a === "part") ? plan.parts[partIndex(plan, q)] : undefined;
    const ownChunk =
      part && !part.sections.length
        ? [...corpus.clauses.values()].find((c) => c.planId === plan.meta.id && c.kind === "part" && c.sectionPath[0] === part.heading)
        : undefined;
    if (ownChunk) citations.push(citationOf(corpus, ownChunk));
    citations.push(planCitation(plan));
    const source = (id: string) => corpus.clauses.get(id);
    if (stated.some((f) => f.a === "basis")) {
      const intro = source(`${plan.meta.id}:intro`);
      if (intro) citations.push(citationOf(corpus, intro));
    }
    // What a part covers is its clauses: each is cited, after the plan.
    if (stated.some((f) => f.a === "part")) {
      const heading = plan.parts[partIndex(plan, q)]!.heading;
      for (const c of corpus.clauses.values()) {
        if (c.planId === plan.meta.id && c.sectionPath[0] === heading && c !== ownChunk) citations.push(citationOf(corpus, c));
      }
    }
    if (stated.some((f) => f.a === "effectiveDate" || f.a === "validity" || f.a === "supersedes")) {
      const closing = source(`${plan.meta.id}:closing`);
      if (closing) citations.push(citationOf(corpus, closing));
    }
  }
  // Asked whether one plan has a field at all (有文号吗？), "it states none" is the answer, citing the plan.
  const only = plans.length === 1 ? plans[0]! : null;
  if (!found && only && q.yesNo) {
    return { text: missing.join("\n"), citations: [planCitation(only)], found: true };
  }
  return { text: [...lines, ...missing].join("\n"), citations, found };
}

/**
 * A plan of a year no plan in scope is of (普陀区2024年新的方案出了没有, when the collection holds 普陀's 2021
 * plan): the year asked for, or null. One detector with the assistant's (./plan-year.ts).
 */
export function missingPlanYear(question: string, plans: Plan[]): string | null {
  return (
    absentPlanYear(
      question,
      plans.map((p) => p.meta),
    )?.toString() ?? null
  );
}
