import type { PlanMeta, UnitRef } from "../plan/schema.ts";
import type { PlanStatus } from "../plan/status.ts";
import type { DocumentAspect } from "../understand/document.ts";
import type { Lang } from "../understand/script.ts";
import type { SmalltalkKind } from "../understand/smalltalk.ts";

/** Everything the offline assistant says in its own words, per language: variation as data, not ternaries. */
export interface Catalogue {
  list: string;
  and: string;
  /** The language the LLM is told to answer in. */
  languageName: string;
  smalltalk: Record<SmalltalkKind, (covered: string) => string>;
  notFound: {
    otherPlace: (covered: string, places: string) => string;
    offTopic: (covered: string) => string;
    noMatch: (covered: string) => string;
    /** The clause is about the topic but does not state what was asked (a fee, a rate, an address…). */
    unstated: (covered: string, what: string, nearest: string) => string;
  };
  /** What an unstated fact is called, by the kind of fact asked for. */
  facts: Record<FactKind, string>;
  lowConfidence: (alternatives: string) => string;
  multipart: { part: (n: number, question: string) => string; notCovered: string };
  document: DocumentMessages;
  /** A measure asked for by its number. */
  numbered: {
    /** The plan (as cite.planName names it) has no measure of that number: said plainly, never answered from a neighbour. */
    none: (plan: string, n: number, count: number) => string;
    /** Several plans in scope have it: each is answered briefly. */
    several: (n: number, plans: number) => string;
    /** More plans have it than are answered: named, and the user asked which. */
    more: (n: number, titles: string) => string;
    /** No plan in scope has it (too many plans to name each). */
    noneInAny: (n: number) => string;
  };
  /** The offline answer's own words around the quoted clauses. */
  compose: ComposeMessages;
  /** How plans, clauses and units are named. */
  cite: CiteMessages;
}

/** The plan as a document: one sentence per aspect, the plan named as cite.planName names it (t). */
export interface DocumentMessages {
  notStated: (title: string, what: string) => string;
  what: Record<DocumentAspect, string>;
  /** The plan's full title (and its English title where one is known), for "what is it called" and "which plans are there". */
  title: (title: string, titleEn: string | null, district: string) => string;
  /** How many measures one part has. */
  partCount: (t: string, n: number, heading: string, measures: number) => string;
  docNumber: (t: string, n: string) => string;
  issuer: (t: string, issuer: string) => string;
  recipients: (t: string, r: string) => string;
  copies: (t: string, n: string) => string;
  issueDate: (t: string, date: string, iso: string) => string;
  /** The date it was published, where that is not the date it was signed (成文日期). */
  published: (date: string, iso: string) => string;
  /** `words`: the plan's own sentence when it gives no date of its own (本方案自印发之日起施行). */
  /** No effective date in the text: says so, with the issue date. */
  noEffectiveDate: (t: string, date: string, iso: string) => string;
  effectiveDate: (t: string, date: string, iso: string | null, words?: string) => string;
  /** Its period or validity as written, and whether it is in force today (status). */
  validity: (t: string, v: string, status: string) => string;
  /** A plan that states no period but says when it took effect. */
  noPeriod: (t: string, from: string, words?: string) => string;
  /** When it applies, given only in the plan's words (本方案自印发之日起施行) with no date to go with them. */
  inWords: (t: string, words: string) => string;
  /** `titles` as the plan writes them: 《…》 with the 文号 after it where the plan gives one. */
  supersedes: (t: string, titles: string[]) => string;
  /** No plan in scope is of the year asked for: the plans that are. */
  noPlanOfYear: (year: string, titles: string[]) => string;
  status: Record<PlanStatus, string>;
  basis: (t: string, titles: string[]) => string;
  count: (t: string, measures: number, parts: number, sections: number) => string;
  sections: (t: string, parts: { heading: string; sections: number }[], sections: number) => string;
  parts: (t: string, headings: string[]) => string;
  part: (t: string, n: number, heading: string, body: string, cut: boolean, subs: string[]) => string;
  /** What the plan measures itself against, in its own sentences. */
  benchmark: (t: string, sentences: string[]) => string;
  /** How the plan's implementation is reported on or supervised, in the words of the clauses that say so. */
  reporting: (t: string, texts: string[]) => string;
  /** The plan's note on which of several listed units leads. */
  roles: (t: string, note: string) => string;
}

export interface CiteMessages {
  /** Said after the plan's title when it is not in force. */
  status: Record<PlanStatus, string>;
  roles: Record<UnitRef["role"], string>;
  unitName: (u: UnitRef) => string;
  unitSep: string;
  roleGroup: (role: string, units: string) => string;
  roleGroupSep: string;
  /** A measure whose number restarts per section: 第二部分（三）第2条 / measure 2.3.2. */
  scopedMeasure: (n: number, scope: string, part: string | undefined, section: string | undefined) => string;
  /** Where a clause is in its plan, named aloud by reference(): a measure or a section path. */
  section: (path: string[]) => string;
  /** 《title》（已失效）第17条 / measure 17 of the … plan (…), no longer in force. */
  reference: (where: string, isMeasure: boolean, title: string, meta: PlanMeta, status: string) => string;
  district: (meta: PlanMeta) => string;
  /** The plan as named in a sentence: 《title》 / the … plan (《title》). */
  planName: (meta: PlanMeta) => string;
  /** A plan's short name: 普陀区 / Putuo District, with its year when the district has several plans. */
  shortPlan: (district: string, year: string | null) => string;
  brief: (plan: string, where: string) => string;
}

const PART_ZH = /^([一二三四五六七八九十]+)、/;

export interface ComposeMessages {
  noUnits: string;
  /** A figure another cited clause states, quoted after the first clause's (where: its measure or section). */
  otherFigure: (where: string, quote: string) => string;
  /** A clause's deadline said after its units, where the answer's lead does not quote it. */
  deadlineNote: (text: string, date: string | null) => string;
  /** A clause's units, already listed by role. */
  units: (list: string) => string;
  measure: (n: number) => string;
  section: (path: string[]) => string;
  seeAlso: (items: string[]) => string;
  /** A further clause in the "see also" line, with its units when the language names them there. */
  seeAlsoItem: (brief: string, units: string) => string;
  who: (ref: string, units: string) => string;
  whoNoUnits: (ref: string) => string;
  quoteLine: (quote: string) => string;
  target: (ref: string, figures: string[], quote: string) => string;
  /** The clause's deadline as written (2024年6月底前), with its date when it has one. */
  deadline: (ref: string, text: string, date: string | null) => string;
  /** The clause is about the topic but the plan gives it no deadline: said plainly, never guessed. */
  noDeadline: (ref: string) => string;
  general: (ref: string, sectionPath: string[], isMeasure: boolean, quote: string) => string;
  unitHead: (names: string, count: number, title: string, titleEn: string | null, measures: boolean) => string;
  roles: { responsible: string; lead: string; support: string };
  /** After a unit's list head, where the plan gives roles: how many it leads and how many it supports. */
  roleCounts: (lead: number, support: number) => string;
  role: (name: string) => string;
  compareItem: (district: string, ref: string, quote: string, units: string) => string;
  compareNone: (district: string) => string;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export type FactKind = "money" | "rate" | "address" | "hours" | "year" | "phone" | "date" | "conditions" | "names" | "count" | "unit";

const HOTLINE_ZH = "12345市民服务热线";
const HOTLINE_EN = "the 12345 citizen service hotline";

export const MESSAGES: Record<Lang, Catalogue> = {
  zh: {
    list: "、",
    and: "和",
    languageName: "Chinese",
    smalltalk: {
      greeting: (c) =>
        `您好！我是${c}营商环境行动方案的政策助手，可以回答方案中的措施、责任单位、目标和时限，例如“电子印章由谁负责？”。需要人工服务请拨打${HOTLINE_ZH}。`,
      identity: (c) =>
        `我是政策助手（自动程序，不是真人），只回答${c}营商环境行动方案中的问题，每个回答都注明出处条款。需要人工服务请拨打${HOTLINE_ZH}。`,
      thanks: (c) => `不客气！还有关于${c}营商环境行动方案的问题，欢迎继续提问。`,
      bye: () => `再见！如需人工服务，可拨打${HOTLINE_ZH}。`,
      handoff: () => `好的，如需人工服务，请拨打${HOTLINE_ZH}（上海市民服务热线），工作人员会为您解答。`,
    },
    notFound: {
      otherPlace: (c, p) => `目前收录的营商环境行动方案只覆盖${c}，不包含${p}的政策，无法回答这个问题。请拨打${HOTLINE_ZH}咨询。`,
      offTopic: (c) => `我只能回答${c}营商环境行动方案中的政策问题，例如“电子印章由谁负责？”。其他问题请拨打${HOTLINE_ZH}。`,
      noMatch: (c) => `${c}的营商环境行动方案中没有找到与这个问题直接相关的内容。请拨打${HOTLINE_ZH}咨询。`,
      unstated: (c, what, nearest) =>
        `${c}的营商环境行动方案没有写明${what}。最接近的内容是${nearest}，但其中没有这一信息。具体请拨打${HOTLINE_ZH}咨询。`,
    },
    facts: {
      money: "具体金额或费用",
      rate: "具体的利率、税率或比例",
      address: "具体地址",
      hours: "具体的时间安排",
      year: "具体年份或日期",
      phone: "具体的电话号码",
      date: "具体日期",
      conditions: "具体的申请条件",
      names: "具体名单或清单内容",
      count: "具体数量",
      unit: "由哪个单位负责",
    },
    lowConfidence: (alts) => `\n\n（不确定这是否正是您要找的内容，最接近的条款可能是上面这一条；也可能是：${alts}。）`,
    multipart: { part: (n, q) => `${n}. ${q}`, notCovered: "方案中没有找到相关内容。" },
    document: {
      notStated: (t, what) => `《${t}》的文本中没有写明${what}。`,
      what: {
        title: "标题",
        docNumber: "文号",
        issuer: "印发单位",
        recipients: "主送单位",
        copies: "印发份数",
        issueDate: "印发日期",
        effectiveDate: "施行日期",
        validity: "有效期",
        basis: "制定依据",
        supersedes: "废止或替代的文件",
        count: "措施数量",
        sections: "小节数量",
        parts: "组成部分",
        part: "这一部分",
        benchmark: "对标的标准",
        reporting: "工作进展的报送或督查安排",
        roles: "多个责任单位中哪个为牵头单位",
      },
      title: (title, _en, district) => `${district}的方案全称是《${title}》。`,
      partCount: (t, n, heading, k) =>
        k > 0 ? `${t}第${n}部分“${heading}”共有${k}条具体措施。` : `${t}第${n}部分“${heading}”没有编号的具体措施。`,
      docNumber: (t, n) => `${t}的文号是${n}。`,
      issuer: (t, i) => `${t}由${i}印发。`,
      recipients: (t, r) => `${t}印发给：${r}。`,
      copies: (t, c) => `${t}共印${c}份。`,
      issueDate: (t, d) => `${t}于${d}印发。`,
      published: (d) => `其发布日期为${d}。`,
      noEffectiveDate: (t, d) => `${t}没有写明施行日期；方案于${d}印发。`,
      effectiveDate: (t, d, _iso, words) => `${t}自${d}起施行${words ? `（原文：“${words}”）` : ""}。`,
      validity: (t, v, status) => `${t}：${v}。${status}`,
      inWords: (t, words) => `${t}写明：“${words}”。`,
      noPeriod: (t, from, words) => `${t}没有写明有效期或截止日期，自${from}起施行${words ? `（原文：“${words}”）` : ""}。`,
      noPlanOfYear: (year, titles) => `收录的方案中没有${year}年的方案；收录的是${titles.map((x) => `《${x}》`).join("、")}。`,
      supersedes: (t, titles) => `${t}施行后，${titles.join("、")}同时废止。`,
      status: {
        in_force: "目前仍在有效期内。",
        not_yet_in_force: "目前尚未施行。",
        expired: "目前已过有效期。",
        superseded: "目前已被新的方案替代。",
      },
      basis: (t, b) => `${t}是为落实${b.map((x) => `《${x}》`).join("和")}制定的。`,
      count: (t, n, parts, sections) =>
        n > 0
          ? `${t}共有${n}条具体措施，分为${parts}个部分${sections ? `、${sections}个小节` : ""}。`
          : `${t}没有编号的具体措施，分为${parts}个部分、${sections}个小节。`,
      sections: (t, parts, n) =>
        `${t}共${parts.length}个部分、${n}个小节：${parts.map((p) => `${p.heading}（${p.sections}个小节）`).join("；")}。`,
      parts: (t, hs) => `${t}分为${hs.length}个部分：${hs.join("；")}。`,
      part: (t, n, heading, body, cut, subs) =>
        `${t}第${n}部分是“${heading}”。${body ? `“${body}${cut ? "…" : ""}”` : ""}${subs.length ? `包括${subs.length}项：${subs.join("、")}。` : ""}`,
      benchmark: (t, ss) => `${t}写明：${ss.map((x) => `“${x}”`).join("；")}。`,
      reporting: (t, ss) => `关于落实情况的报送和督查，${t}规定：${ss.map((x) => `“${x}”`).join("；")}。`,
      roles: (t, note) => `关于多个责任单位中哪个牵头，${t}写明：“${note}”。`,
    },
    numbered: {
      none: (t, n, count) => (count ? `${t}共有${count}条措施，没有第${n}条。` : `${t}的措施没有编号，没有第${n}条。`),
      several: (n, plans) => `${plans}份方案都有第${n}条，分别是：`,
      more: (n, titles) => `${titles}也有第${n}条；如需其中一份，请说明是哪个区的方案。`,
      noneInAny: (n) => `收录的方案中都没有第${n}条措施。`,
    },
    compose: {
      noUnits: "该条未列明责任单位。",
      deadlineNote: (text) => `\n完成时限：${text}。`,
      otherFigure: (where, quote) => `\n另见${where}：${quote}`,
      units: (list) => `（${list.replace(/^(?!责任|牵头|配合)/, "责任单位：")}）`,
      measure: (n) => `第${n}条`,
      section: (path) => path.join(""),
      seeAlso: (items) => `\n\n相关条款：${items.join("；")}。`,
      seeAlsoItem: (brief, units) => `${brief}${units ? `（${units}）` : ""}`,
      who: (ref, units) => `根据${ref}，负责单位是：${units}。`,
      whoNoUnits: (ref) => `${ref}涉及这一事项，但方案未列明责任单位。`,
      quoteLine: (q) => `\n\n原文：${q}`,
      target: (ref, _figures, q) => `${ref}提出：${q}`,
      deadline: (ref, text) => `根据${ref}，完成时限是：${text}。`,
      noDeadline: (ref) => `${ref}涉及这一事项，但方案没有写明这项措施的完成时限。`,
      general: (ref, _path, _isMeasure, q) => `${ref}规定：${q}`,
      unitHead: (names, n, title, _en, measures) => `${names}在《${title}》中负责${n}项${measures ? "措施" : "内容"}：`,
      roles: { responsible: "责任单位", lead: "牵头", support: "配合" },
      roleCounts: (lead, support) =>
        `（其中${[lead ? `牵头${lead}项` : "", support ? `配合${support}项` : ""].filter(Boolean).join("、")}）`,
      role: (r) => `（${r}）`,
      compareItem: (d, ref, q, units) => `【${d}】${ref}：${q}${units ? `（${units}）` : ""}`,
      compareNone: (d) => `【${d}】方案中没有找到与这个问题直接相关的内容。`,
    },
    cite: {
      status: { in_force: "", not_yet_in_force: "（尚未施行）", expired: "（已失效）", superseded: "（已被新文件替代）" },
      roles: { responsible: "责任单位", lead: "牵头单位", support: "配合单位" },
      unitName: (u) => u.name,
      unitSep: "、",
      roleGroup: (r, list) => `${r}：${list}`,
      roleGroupSep: "；",
      scopedMeasure: (n, _scope, part, section) => {
        const partWord = part && PART_ZH.test(part) ? `第${PART_ZH.exec(part)![1]}部分` : (part ?? "");
        const sectionMark = section ? (/^（[^）]+）/.exec(section)?.[0] ?? section) : "";
        return `${partWord}${sectionMark}第${n}条`;
      },
      section: (path) => path.join(""),
      reference: (where, _isMeasure, title, _meta, status) => `《${title}》${status}${where}`,
      district: (meta) => meta.district,
      planName: (meta) => `《${meta.title}》`,
      shortPlan: (d, year) => (year ? `${d}${year}年方案` : d),
      brief: (plan, where) => `${plan}${where}`,
    },
  },
  en: {
    list: ", ",
    and: " and ",
    languageName: "English",
    smalltalk: {
      greeting: (c) =>
        `Hello! I answer questions about the business-environment action plans of ${c}: measures, responsible units, targets and deadlines, for example "Who handles electronic seals?". For a person, please call ${HOTLINE_EN}.`,
      identity: (c) =>
        `I am the policy assistant, an automated program (not a person). I answer only from the business-environment action plans of ${c}, citing the clause behind every answer. For a person, please call ${HOTLINE_EN}.`,
      thanks: (c) => `You're welcome! Ask me anything else about the action plans of ${c}.`,
      bye: () => `Goodbye! For a person, you can call ${HOTLINE_EN}.`,
      handoff: () =>
        `Of course. To speak to a person, please call ${HOTLINE_EN} (Shanghai's citizen service line); an operator will help you.`,
    },
    notFound: {
      otherPlace: (c, p) =>
        `The action plans I cover are those of ${c} in Shanghai; they do not cover ${p}, so I cannot answer this. Please call ${HOTLINE_EN}.`,
      offTopic: (c) =>
        `I can only answer questions about the business-environment action plans of ${c}, for example "Who handles electronic seals?". For anything else, please call ${HOTLINE_EN}.`,
      noMatch: (c) => `The business-environment action plans of ${c} do not cover this question. Please call ${HOTLINE_EN}.`,
      unstated: (c, what, nearest) =>
        `The business-environment action plans of ${c} do not state ${what}. The closest provision is ${nearest}, but it does not give this. Please call ${HOTLINE_EN}.`,
    },
    facts: {
      money: "the amount or fee",
      rate: "the rate or percentage",
      address: "the address",
      hours: "the hours or schedule",
      year: "the year or date",
      phone: "the phone number",
      date: "the exact date",
      conditions: "the eligibility conditions",
      names: "the list itself",
      count: "the exact number",
      unit: "which unit is responsible",
    },
    lowConfidence: (alts) => `\n\n(I am not sure this is what you are looking for; the closest clause may be the one above, or: ${alts}.)`,
    multipart: { part: (n, q) => `${n}. ${q}`, notCovered: "The plans do not cover this part." },
    document: {
      notStated: (t, what) => `${t} does not state ${what}.`,
      what: {
        title: "a title",
        docNumber: "a document number",
        issuer: "the issuing body",
        recipients: "the recipients",
        copies: "the number of copies",
        issueDate: "the issue date",
        effectiveDate: "the date it takes effect",
        validity: "a period of validity",
        basis: "the documents it implements",
        supersedes: "any document it replaces",
        count: "the number of measures",
        sections: "the number of sections",
        parts: "its parts",
        part: "this part",
        benchmark: "what it benchmarks against",
        reporting: "how progress is reported or supervised",
        roles: "which of several listed units leads",
      },
      title: (title, en, district) => `The full title of ${district}'s plan is 《${title}》${en ? ` (${en})` : ""}.`,
      partCount: (t, n, heading, k) =>
        k > 0
          ? `Part ${n} of ${t} (“${heading}”) has ${k} numbered measures.`
          : `Part ${n} of ${t} (“${heading}”) has no numbered measures.`,
      docNumber: (t, n) => `The document number of ${t} is ${n}.`,
      issuer: (t, i) => `${cap(t)} was issued by ${i}.`,
      recipients: (t, r) => `${cap(t)} was sent to: ${r}.`,
      copies: (t, c) => `${c} copies of ${t} were printed.`,
      issueDate: (t, d, iso) => `${cap(t)} was issued on ${d} (${iso}).`,
      published: (d, iso) => `It was published on ${d} (${iso}).`,
      noEffectiveDate: (t, d, iso) => `${cap(t)} states no effective date; it was issued on ${d} (${iso}).`,
      effectiveDate: (t, d, iso, words) =>
        `${cap(t)} takes effect from ${d}${iso ? ` (${iso})` : ""}${words ? `; in the plan's words: “${words}”` : ""}.`,
      validity: (t, v, status) => `${cap(t)}: ${v}. ${status}`,
      inWords: (t, words) => `${cap(t)} states: “${words}”.`,
      noPeriod: (t, from, words) =>
        `${cap(t)} states no period of validity or end date; it took effect on ${from}${words ? ` (in the plan's words: “${words}”)` : ""}.`,
      noPlanOfYear: (year, titles) => `The collection holds no ${year} plan; it holds ${titles.map((x) => `《${x}》`).join(", ")}.`,
      supersedes: (t, titles) => `${cap(t)} replaces ${titles.join(" and ")}, which was repealed when it took effect.`,
      status: {
        in_force: "It is in force today.",
        not_yet_in_force: "It is not yet in force.",
        expired: "Its period has ended.",
        superseded: "It has been replaced by a later plan.",
      },
      basis: (t, b) => `${cap(t)} implements ${b.map((x) => `《${x}》`).join(" and ")}.`,
      count: (t, n, parts, sections) =>
        n > 0
          ? `${cap(t)} has ${n} numbered measures in ${parts} parts${sections ? ` and ${sections} sections` : ""}.`
          : `${cap(t)} has no numbered measures; it has ${parts} parts and ${sections} sections.`,
      sections: (t, parts, n) =>
        `${cap(t)} has ${parts.length} parts and ${n} sections: ${parts.map((p) => `${p.heading} (${p.sections})`).join("; ")}.`,
      parts: (t, hs) => `${cap(t)} has ${hs.length} parts: ${hs.join("; ")}.`,
      part: (t, n, heading, body, _cut, subs) =>
        `Part ${n} of ${t} is “${heading}”. ${body ? `“${body}”` : ""}${subs.length ? ` It covers ${subs.length} items: ${subs.join(", ")}.` : ""}`,
      benchmark: (t, ss) => `${cap(t)} states: ${ss.map((x) => `“${x}”`).join("; ")}.`,
      reporting: (t, ss) => `On reporting and supervising its implementation, ${t} provides: ${ss.map((x) => `“${x}”`).join("; ")}.`,
      roles: (t, note) => `On which of several listed units leads, ${t} states: “${note}”.`,
    },
    numbered: {
      none: (t, n, count) =>
        count
          ? `${t} has ${count} numbered measures; it has no measure ${n}.`
          : `${t} does not number its measures; it has no measure ${n}.`,
      several: (n, plans) => `${plans} plans have a measure ${n}:`,
      more: (n, titles) => `${titles} also have a measure ${n}; say which district's plan you mean for one of them.`,
      noneInAny: (n) => `None of the plans I cover has a measure ${n}.`,
    },
    compose: {
      noUnits: "The plan names no responsible unit for this section.",
      deadlineNote: (text, date) => `\nDeadline: ${text}${date ? ` (by ${date})` : ""}.`,
      otherFigure: (where, quote) => `\nAlso, ${where}: ${quote}`,
      units: (list) => `Responsible units: ${list}.`,
      measure: (n) => `measure ${n}`,
      section: (path) => `section ${path.join(" ")}`,
      seeAlso: (items) => `\n\nSee also: ${items.join("; ")}.`,
      seeAlsoItem: (brief) => brief,
      who: (ref, units) => `Under ${ref}, the responsible units are: ${units}.`,
      whoNoUnits: (ref) => `${cap(ref)} covers this, but the plan names no responsible unit.`,
      quoteLine: (q) => `\n\nClause (Chinese original): ${q}`,
      target: (ref, figures, q) =>
        `${cap(ref)} ${figures.length ? `sets these figures: ${[...new Set(figures)].join(", ")}` : "addresses this"}.\n\nClause (Chinese original): ${q}`,
      deadline: (ref, text, date) => `Under ${ref}, the deadline is ${text}${date ? ` (by ${date})` : ""}.`,
      noDeadline: (ref) => `${cap(ref)} covers this, but the plan states no deadline for it.`,
      general: (ref, path, isMeasure, q) =>
        `The most relevant provision is ${ref}${isMeasure ? ` (${path.join(" ")})` : ""}.\n\nClause (Chinese original): ${q}`,
      unitHead: (names, n, title, en, _measures) => `${names} is responsible for ${n} item(s) in ${en ? `${en} (${title})` : title}:`,
      roles: { responsible: "responsible", lead: "lead", support: "supporting" },
      roleCounts: (lead, support) =>
        ` (${[lead ? `leading ${lead}` : "", support ? `supporting ${support}` : ""].filter(Boolean).join(", ")})`,
      role: (r) => ` (${r})`,
      compareItem: (d, ref, q, units) => `${d}: ${ref}: ${q}${units ? ` Responsible units: ${units}.` : ""}`,
      compareNone: (d) => `${d}: its plan says nothing directly on this.`,
    },
    cite: {
      status: {
        in_force: "",
        not_yet_in_force: ", not yet in force",
        expired: ", no longer in force",
        superseded: ", superseded by a later plan",
      },
      roles: { responsible: "responsible", lead: "lead", support: "supporting" },
      unitName: (u) => (u.nameEn ? `${u.nameEn} (${u.name})` : u.name),
      unitSep: ", ",
      roleGroup: (r, list) => `${r}: ${list}`,
      roleGroupSep: "; ",
      scopedMeasure: (_n, scope) => `measure ${scope}`,
      section: (path) => `section ${path.join(" ")}`,
      reference: (where, _isMeasure, title, meta, status) =>
        `${where} of ${meta.titleEn ? `the ${meta.titleEn} (${title})` : `the ${meta.districtEn ?? meta.district} plan (${title})`}${status}`,
      district: (meta) => meta.districtEn ?? meta.district,
      planName: (meta) => (meta.titleEn ? `the ${meta.titleEn} (《${meta.title}》)` : `《${meta.title}》`),
      shortPlan: (d, year) => (year ? `${d} ${year} plan` : d),
      brief: (plan, where) => `${plan}, ${where}`,
    },
  },
};
