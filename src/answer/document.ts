import type { PolicyIndex } from "../index/store.ts";
import { countMeasures } from "../plan/clauses.ts";
import type { Plan } from "../plan/schema.ts";
import type { DocumentAspect, DocumentQuestion } from "../understand/document.ts";
import type { Lang } from "../understand/script.ts";
import { citationOf } from "./cite.ts";
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
function validityOf(plan: Plan): string | null {
  return plan.meta.period?.text ?? /有效期[^。\n]{2,40}/.exec(plan.text)?.[0] ?? null;
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

const WHAT_ZH: Record<DocumentAspect, string> = {
  docNumber: "文号",
  issuer: "印发单位",
  recipients: "主送单位",
  copies: "印发份数",
  issueDate: "印发日期",
  effectiveDate: "施行日期",
  validity: "有效期",
  basis: "制定依据",
  count: "措施数量",
  sections: "小节数量",
  parts: "组成部分",
  part: "这一部分",
};
const WHAT_EN: Record<DocumentAspect, string> = {
  docNumber: "a document number",
  issuer: "the issuing body",
  recipients: "the recipients",
  copies: "the number of copies",
  issueDate: "the issue date",
  effectiveDate: "the date it takes effect",
  validity: "a period of validity",
  basis: "the documents it implements",
  count: "the number of measures",
  sections: "the number of sections",
  parts: "its parts",
  part: "this part",
};

/** One plan's answer to one aspect, or null when the plan does not state it. */
function fact(plan: Plan, aspect: DocumentAspect, lang: Lang, partNo?: number): string | null {
  const m = plan.meta;
  const zh = lang === "zh";
  const t = zh ? `《${m.title}》` : m.titleEn ? `the ${m.titleEn} (《${m.title}》)` : `《${m.title}》`;
  const sections = plan.parts.flatMap((p) => p.sections);
  switch (aspect) {
    case "docNumber": {
      const n = m.docNumber ?? docNumberOf(plan);
      return n && (zh ? `${t}的文号是${n}。` : `The document number of ${t} is ${n}.`);
    }
    case "issuer":
      return m.issuer && (zh ? `${t}由${m.issuer}印发。` : `${cap(t)} was issued by ${m.issuer}.`);
    case "recipients": {
      const r = recipientsOf(plan);
      return r && (zh ? `${t}印发给：${r}。` : `${cap(t)} was sent to: ${r}.`);
    }
    case "copies": {
      const c = copiesOf(plan);
      return c && (zh ? `${t}共印${c}份。` : `${c} copies of ${t} were printed.`);
    }
    case "issueDate": {
      const d = m.issueDate ? zhDate(m.issueDate) : issueDateOf(plan);
      return d && (zh ? `${t}于${d}印发。` : `${cap(t)} was issued on ${d} (${m.issueDate ?? d}).`);
    }
    case "effectiveDate": {
      const d = effectiveOf(plan);
      return d && (zh ? `${t}自${d}起施行。` : `${cap(t)} takes effect from ${d}${m.effectiveDate ? ` (${m.effectiveDate})` : ""}.`);
    }
    case "validity": {
      const v = validityOf(plan);
      return v && (zh ? `${t}：${v}。` : `${cap(t)}: ${v}.`);
    }
    case "basis": {
      const b = basisOf(plan);
      if (!b.length) return null;
      const list = b.map((x) => `《${x}》`).join(zh ? "和" : " and ");
      return zh ? `${t}是为落实${list}制定的。` : `${cap(t)} implements ${list}.`;
    }
    case "count": {
      const n = countMeasures([plan]);
      const parts = plan.parts.length;
      if (n > 0)
        return zh
          ? `${t}共有${n}条具体措施，分为${parts}个部分、${sections.length}个小节。`
          : `${cap(t)} has ${n} numbered measures in ${parts} parts and ${sections.length} sections.`;
      return zh
        ? `${t}没有编号的具体措施，分为${parts}个部分、${sections.length}个小节。`
        : `${cap(t)} has no numbered measures; it has ${parts} parts and ${sections.length} sections.`;
    }
    case "sections":
      return zh
        ? `${t}共${plan.parts.length}个部分、${sections.length}个小节：${plan.parts.map((p) => `${p.heading}（${p.sections.length}个小节）`).join("；")}。`
        : `${cap(t)} has ${plan.parts.length} parts and ${sections.length} sections: ${plan.parts.map((p) => `${p.heading} (${p.sections.length})`).join("; ")}.`;
    case "parts":
      return zh
        ? `${t}分为${plan.parts.length}个部分：${plan.parts.map((p) => p.heading).join("；")}。`
        : `${cap(t)} has ${plan.parts.length} parts: ${plan.parts.map((p) => p.heading).join("; ")}.`;
    case "part": {
      const p = plan.parts[(partNo ?? 0) - 1];
      if (!p) return null;
      const subs = p.sections.map((s) => s.title).join(zh ? "、" : ", ");
      const body = p.body ? (zh ? `“${p.body.slice(0, 200)}${p.body.length > 200 ? "…" : ""}”` : `“${p.body.slice(0, 200)}”`) : "";
      return zh
        ? `${t}第${partNo}部分是“${p.heading}”。${body}${subs ? `包括：${subs}。` : ""}`
        : `Part ${partNo} of ${t} is “${p.heading}”. ${body}${subs ? ` It covers: ${subs}.` : ""}`;
    }
  }
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Answers a document question for every plan in scope; the clause a fact comes from is cited after the plan. */
export function documentAnswer(index: PolicyIndex, plans: Plan[], q: DocumentQuestion, lang: Lang): DocumentAnswer {
  const lines: string[] = [];
  const citations: Citation[] = [];
  const missing: string[] = [];
  let found = false;
  for (const plan of plans) {
    const facts = q.aspects.map((a) => ({ a, text: fact(plan, a, lang, q.part) }));
    const stated = facts.filter((f) => f.text);
    for (const f of facts) {
      if (f.text) lines.push(f.text);
      else
        missing.push(
          lang === "zh" ? `《${plan.meta.title}》的文本中没有写明${WHAT_ZH[f.a]}。` : `${plan.meta.title} does not state ${WHAT_EN[f.a]}.`,
        );
    }
    if (!stated.length) continue;
    found = true;
    citations.push(planCitation(plan));
    const source = (id: string) => index.clauses.get(id);
    if (stated.some((f) => f.a === "basis")) {
      const intro = source(`${plan.meta.id}:intro`);
      if (intro) citations.push(citationOf(index, intro));
    }
    if (stated.some((f) => f.a === "effectiveDate")) {
      const closing = source(`${plan.meta.id}:closing`);
      if (closing) citations.push(citationOf(index, closing));
    }
  }
  return { text: [...lines, ...missing].join("\n"), citations, found };
}
