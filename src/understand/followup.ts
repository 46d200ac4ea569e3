import { parseChineseNumber } from "../ingest/numerals.ts";
import type { PlanMeta } from "../plan/schema.ts";
import { classifyIntent, FALLBACK_INTENT, NON_TOPIC_EN, NON_TOPIC_ZH, unitIntent } from "./intent.ts";
import { englishTokens, findTerms, lexicon, shortDistrict, stem, stopWords } from "./lexicon.ts";
import { asSimplified } from "./script.ts";
import type { Understanding } from "./understand.ts";

/**
 * Follow-ups: a short question that continues the conversation ("那徐汇区呢？", "哪个部门负责？", "解决率呢？",
 * "and tax refunds?") is completed from the previous question, and keeps the clauses the previous answer
 * cited (its 【id】 markers, or the measure it named: 第12条, measure 77) so the answer can start from them.
 */

/** What a follow-up carries over from the previous turn. */
export interface FollowupContext {
  /** Clause ids the previous answer cited, as written there (checked against the index by the caller). */
  clauses: string[];
  /** True when the question's topic is the previous one's (it adds only an attribute: who, when, how much). */
  inherited: boolean;
  /** The question's own words (Chinese, without function words and attribute words), for matching the cited clauses. */
  ownTopic: string;
}

const FOLLOWUP_START = /^(?:那|那么|还有|另外|再问|and\b|what about\b|how about\b|also\b|same\b)/i;
/** A 那-follow-up that goes straight to a modal or a verb, with no subject of its own: 那能在哪用？, 那要多久？ */
const ZERO_SUBJECT =
  /^(?:那|那么)(?:我|我们)?(?:还)?(?:能不能|可不可以|能|可以|要不要|需要|要|得|会|该|应该|怎么|怎样|如何|在哪|去哪|到哪|找谁|谁)/;
/** A variation on the case just discussed ("要是对方是个人呢？", "And if one side is an individual?"): same topic, new condition. */
const CONDITIONAL = /^(?:那|那么)?(?:如果|要是|假如|假设|万一)|^(?:and |but |so )?(?:what )?if\b/i;
/** Words that point back at what the conversation was about: "它的目标是什么？", "how long does it take?" */
const BACK_REFERENCE =
  /它|其|^(?:那|那么)?[他她]们|这(?:项|条|个|些|样)(?!目|体)|那(?:项|条|个|些)(?!区|目|体|人)|该(?:措施|政策|规定|项)|\b(?:it|its|this|that|these|those|they|them|their)\b/i;
/** Words that point back at one clause (那条, 这项措施, that measure), not at a unit or the whole topic. */
const CLAUSE_REFERENCE =
  /(?:这|那|该)(?:一)?(?:条|项)(?:措施|规定|政策)?|(?:这|那|该)(?:个)?措施|\b(?:that|this) (?:one|clause|measure|item|point)\b/i;
/** Words that point back at a unit: "它还负责哪些措施？", "What else are they responsible for?" */
const UNIT_REFERENCE =
  /它|他们|该(?:单位|部门|机构)|这(?:个|家)?(?:单位|部门|机构)|那(?:个|家)(?:单位|部门|机构)|同一(?:个|家)?(?:单位|部门|机构)|\b(?:it|they|them|(?:this|that|the same) (?:unit|department|office|bureau|agency))\b/i;
/** Words that ask for an attribute of a clause (its units by role, its deadline, how many), not a topic of their own: 那配合单位是谁？ */
const ATTRIBUTE_WORDS =
  /(?:牵头|配合|责任|负责|主管|协办|参与)(?:单位|部门|机构)?|完成(?:时限|期限|时间)|截止(?:时间|日期)?|时限|期限|具体|开始|完成|落实|落地|到位|上线|建成|建好|发布|出台|推出|开通|实施|办完|做完|弄完|多少|多久|多长时间|(?:什么|啥|哪个)?时候|(?:什么|啥)?时间|哪(?:一)?(?:天|年|月)|何时|几(?=[个项条种家天])|(?<=[几多少哪\d一二三四五六七八九十两])[个项条种](?=\p{Script=Han})/gu;

/**
 * Aspects of whatever was just discussed, not topics of their own: what it costs, what it takes (materials,
 * conditions, steps), how long it takes, where and how to apply. 费用呢？, 要准备什么材料？, 收费吗？
 */
const ASPECT_ZH =
  // …and more of what it says: 再说详细点, 展开讲讲, 具体介绍一下
  "再说|说说|讲讲|介绍|解释|展开|(?<=[细体楚])(?:一)?[点些]|费用|收费|收钱|要钱|花钱|免费|价格|多少钱|材料|资料|条件|门槛|要求|资格|流程|手续|步骤|程序|办理|申请|准备|提交|时长|周期|多快|速度|效率|地点|地址|电话|联系方式|在哪(?:儿|里)?|哪里|哪儿|时间";

/**
 * More ways of asking something of the clause just cited rather than naming a topic: who handles it
 * (归哪个局管, 主办单位, 找哪个部门), when it is done (啥时候之前做到), how much at most (最多能给多少, 规模),
 * what it says (具体内容, 原文怎么写). Only a question made of nothing else is read as asking of that clause.
 */
const ASKED_OF_CLAUSE_ZH = new RegExp(
  String.raw`归[^，,。？?]{0,4}?管|(?:主办|承办|经办|主责|归口)(?:单位|部门|机构)?|单位|部门|机构|(?<![\p{Script=Han}])(?:局|委)|找|来(?:办|管|做|落实)?|管|办理?|做到|达到|实现|搞好|弄好|办好|(?:之|以)前|要到|才|最多|最少|最高|最低|上限|封顶|额度|金额|规模|幅度|力度|多大|能给|给|内容|原文|全文|条文|细节|详情|详细|(?:怎么|如何)?(?:写|说|讲|规定)(?:的|了)?|这事|此事|这件事|这个事|这块|事(?:儿|情)?|(?:要)?到|哪(?:一)?(?:个|家|位|些)?|${ASPECT_ZH}`,
  "gu",
);

/**
 * A question that asks the previous question again of another district, saying only that: 江湾有类似的吗？,
 * 换成江湾区呢？, 同样的问题，江湾呢？, "Does Jiangwan have something similar?", "Same question for Jiangwan".
 */
const SAME_AGAIN_ZH =
  /类似|相似|同样|一样|相同|同类|也|换成|换到|换作|换做|这(?:个)?问题|问题|(?:便利|措施|政策|做法|规定|办法|支持|举措|安排|优惠)(?:吗|呢)?|的/gu;
const SAME_AGAIN_EN = new Set(
  "similar same likewise equivalent comparable too also as well something anything thing things one question please there district districts area side".split(
    " ",
  ),
);

/**
 * English words that ask for an attribute of a clause (which office, the deadline, the target, the second
 * one) rather than name a topic: "which office again?", "and who leads it?", "when is that due?".
 */
const ATTRIBUTE_WORDS_EN = new Set(
  (
    "office offices department departments unit units agency agencies bureau bureaus body bodies authority authorities " +
    "lead leads leading leader supporting support supports cooperating co-lead partner partners involved in-charge " +
    "deadline deadlines due date dates timeline timeframe time year month target targets goal goals figure figures " +
    "number numbers percentage again exactly precisely one ones first second third fourth last latter former else other others " +
    "complete completed finish finished done achieved deliver delivered happen expected supposed need needs must be been being " +
    "has have had set runs run owns own many much mentioned said just before above earlier " +
    // who handles it, when it is up and running, how much at most, what it says
    "handle handles handled handling charge responsible behind oversee oversees manage manages " +
    "up running ready live launched start starts started open opened operational " +
    "most least maximum minimum max min cap capped limit upper amount size scale get gets give gives receive benefit benefits " +
    "say says said quote wording text original clause detail details exactly more tell elaborate explain expand specifics specific firm firms company companies business businesses enterprise enterprises " +
    // what it costs, what it takes, how long it takes, where and how to apply: aspects of the topic just discussed
    "processing process turnaround duration long fast quick quickly speed cost costs fee fees charge charges charged price pay paid free " +
    "requirement requirements required condition conditions eligibility eligible criteria qualify material materials paperwork documents " +
    "procedure procedures step steps apply applying application applications submit where location address hours contact phone"
  ).split(" "),
);

/** An English question made only of question words and attribute words (which office again?): no topic of its own. */
function asksAttributeOnlyEn(question: string, also: ReadonlySet<string> = new Set()): boolean {
  // "the maximum per loan", "how much for each company": what a figure is counted per is no topic of its own.
  const words = englishTokens(question.replace(/\b(?:per|each|every)\s+[a-z]+/gi, " ")).filter((w) => /[a-z]/.test(w));
  return (
    words.length > 0 && words.every((w) => ATTRIBUTE_WORDS_EN.has(w) || also.has(w) || NON_TOPIC_EN.has(w) || NON_TOPIC_EN.has(stem(w)))
  );
}

/**
 * Whether a Chinese question is made only of function words and words asking something of a clause. Both
 * orders are tried: the function-word list takes pieces of some asking words (主办单位 → 主).
 */
function asksOfClauseOnlyZh(question: string): boolean {
  const asking = (t: string) => t.replace(ATTRIBUTE_WORDS, "").replace(ASKED_OF_CLAUSE_ZH, "");
  const functionWords = (t: string) => t.replace(NON_TOPIC_ZH, "").replace(/^那/, "");
  const empty = (t: string) => !t.replace(/[\s\p{P}\p{S}]/gu, "").length;
  return empty(asking(functionWords(question))) || empty(functionWords(asking(question)));
}

/**
 * Acknowledgements and asides a follow-up may open with (好的，…; 多谢，顺便再问下…; "Great, and …";
 * "Thanks! By the way, …"): politeness, not part of the question.
 */
const LEAD_IN =
  /^(?:(?:好的|好吧|好嘞|好|嗯+|哦+|噢|喔|明白(?:了)?|了解(?:了)?|知道了|懂了|收到|行|谢谢(?:你|您)?|多谢|感谢|谢啦|ok(?:ay)?|great|cool|nice|perfect|excellent|awesome|thanks?(?: you)?(?: so much| a lot)?|thank you|got it|i see|understood|right|alright|all right|sure|fine)(?![\p{L}])[\s\p{P}~～]*)+(?:(?:顺便|顺带|另外)?(?:再)?(?:问(?:一)?(?:下|个|句)|请问|想问(?:一)?下|我想问(?:一)?下)[\s\p{P}]*|(?:by the way|btw|one more (?:thing|question)|another question|quick question)[\s\p{P}]*)?|^(?:顺便|顺带)(?:再)?(?:问(?:一)?(?:下|个|句))[\s\p{P}]*|^(?:by the way|btw)[\s\p{P}]*/iu;
/** What makes the rest a question (an acknowledgement before "that's helpful" is small talk, left whole). */
const ASKS =
  /[?？吗呢么嘛]|什么|啥|谁|哪|多少|多久|几|怎|如何|能否|是否|有没有|是不是|\b(?:what|who|whom|which|when|where|why|how|is|are|does|do|did|can|could|will|would|should|and|any)\b/iu;

/** A follow-up without the acknowledgement or aside it opens with, when what is left asks something. */
export function withoutLeadIn(question: string): string {
  const m = LEAD_IN.exec(question);
  if (!m?.[0]) return question;
  const rest = question.slice(m[0].length);
  return [...rest.replace(/[\s\p{P}]/gu, "")].length >= 2 && ASKS.test(rest) ? rest : question;
}

/**
 * Whether a unit takes part in what was just discussed (那税务局也参与吗？, 法院会参与吗, 谁牵头，财政局管不管,
 * "Is the tax bureau involved too?"): asked of the cited clause, whose units answer it; not a list of what
 * the unit does (财政局还负责哪些？).
 */
const INVOLVEMENT_VERB_ZH = /参与|参加|介入|负责|牵头|配合|管|有份|在内|涉及|也是/u;
const INVOLVEMENT_ZH = /参与|参加|介入|负责|牵头|配合|管不管|管|有份|在内|涉及|也是|有没有|是否|是不是|会不会|会|也|谁|吗|么|嘛|呢|不/gu;
const INVOLVEMENT_EN = new Set(
  "involved involve involves part take takes taking participate participates participating role play plays join joins also too well as included include includes among responsible charge lead leads".split(
    " ",
  ),
);
/** A list of what the unit does is asked, not whether it takes part. */
const ASKS_LIST = /还|哪些|什么|啥|别的|其他|其它|几|多少|\b(?:else|other|what|which)\b/i;
/** A unit the alias table may lack, written at the start: 法院会参与吗, 那住建委管不管. */
const UNIT_SHAPED = /^(?:那|那么)?(?:区)?\p{Script=Han}{0,4}?(?:法院|检察院|局|委|中心)/u;
/** English unit nouns and up to two words naming them (the finance bureau, the district court). */
const UNIT_NOUN_EN =
  /\b(?:[a-z]+\s+){0,2}?(?:bureau|office|court|commission|committee|department|centre|center|administration|agency)s?\b/gi;

function asksInvolvement(u: Understanding): boolean {
  if (ASKS_LIST.test(u.question)) return false;
  if (u.lang === "en") {
    if (!u.units.length) return false;
    const lower = u.question.toLowerCase();
    const unitWords = new Set(
      lexicon()
        .unitsEn.match(lower)
        .flatMap((m) => m.phrase.split(" ")),
    );
    const words = englishTokens(lower.replace(UNIT_NOUN_EN, " ")).filter((w) => /[a-z]/.test(w) && !unitWords.has(w));
    return (
      words.some((w) => INVOLVEMENT_EN.has(w)) &&
      words.every((w) => INVOLVEMENT_EN.has(w) || NON_TOPIC_EN.has(w) || NON_TOPIC_EN.has(stem(w)))
    );
  }
  if (!INVOLVEMENT_VERB_ZH.test(u.question)) return false;
  const names = u.units.flatMap((n) => [n, n.replace(/^区/, "")]).sort((a, b) => b.length - a.length);
  let rest = names.reduce((t, n) => t.replaceAll(n, ""), u.question);
  if (rest === u.question) {
    if (!UNIT_SHAPED.test(rest)) return false;
    rest = rest.replace(UNIT_SHAPED, "");
  }
  // 由哪个局负责，科技局吗: which unit, then the one guessed.
  rest = rest.replace(/(?:哪个|哪一个|哪家|哪些|什么)(?:局|委|办|部门|单位|机构)/gu, "");
  const left = withoutFunctionWords(rest.replace(INVOLVEMENT_ZH, "")).replace(NON_TOPIC_ZH, "").replace(/^那/, "");
  return !left.replace(/[\s\p{P}\p{S}]/gu, "").length;
}

/**
 * A longer question that points back at something the conversation named, by a demonstrative and that
 * thing's name: 那这个担保基金怎么申请，要准备什么材料？, "By when is that panel supposed to be set up?"
 */
const NAMED_BACK_ZH = /(?:这|那)(?:个|项|些|种|类|条)(?=(\p{Script=Han}{2}))|该(?=(\p{Script=Han}{2}))/gu;
/** The plan itself (这个方案里…) is no thing the conversation named. */
const DOCUMENT_WORD = /方案|文件|计划|通知|意见|问题|措施|政策/u;
const NAMED_BACK_EN = /\b(?:that|this|these|those|the same)\s+([a-z]{3,})/gi;
function pointsBackByName(question: string, lang: "zh" | "en", said: string): boolean {
  if (lang === "zh")
    return [...question.matchAll(NAMED_BACK_ZH)].some((m) => {
      const name = m[1] ?? m[2]!;
      return !DOCUMENT_WORD.test(name) && said.includes(name);
    });
  const lower = said.toLowerCase();
  return [...question.matchAll(NAMED_BACK_EN)].some(
    (m) => !NON_TOPIC_EN.has(m[1]!.toLowerCase()) && lower.includes(stem(m[1]!.toLowerCase())),
  );
}

/** What a follow-up sets aside before asking about the rest: 除了比赛（以外），…; Besides the competition, … */
const EXCLUSION =
  /^(?:那)?除(?:了)?[^，,。？?；;]{1,16}?(?:以外|之外)?[，,、\s]*(?=还|也|另外|别的|其他|其它|有没有|有)|^(?:and |so )?(?:apart from|aside from|besides|other than|except(?: for)?)\s+[^,?]{1,40},\s*/i;

/**
 * A follow-up that sets aside what was just discussed (除了比赛，还有孵化之类的服务吗？) asks about the
 * rest: the words set aside would only pull back the clause already cited, so the question is read without them.
 */
export function withoutExclusion(question: string): string {
  const rest = question.replace(EXCLUSION, "");
  return rest.trim().length >= 2 ? rest : question;
}

/** Cited clause ids as the assistant writes them: 【putuo-2021:18】 or [xuhui-2023:2.6]. */
const MARKER = /[【[]([a-z][a-z0-9]*(?:-[a-z0-9]+)*-\d{4}:[\w.]+)[】\]]/g;
/** A measure named in prose: 第12条, 第八条, 措施5, measure 77, Task 9. */
const MEASURE_MENTION = [
  /第\s*(\d{1,3}|[一二三四五六七八九十百零两]{1,5})\s*(?:条|项)(?!件)/g,
  /\b(?:measure|task|article|item)\s+(?:no\.?\s*)?(\d{1,3})\b/gi,
];

/**
 * The clauses an answer cited: its markers, else the measures it names in the one plan it is about (the
 * plan of the district it names, or of the district the conversation was about).
 */
export function citedClauses(answer: string, plans: PlanMeta[], districts: string[]): string[] {
  const marked = [...answer.matchAll(MARKER)].map((m) => m[1]!);
  if (marked.length) return unique(marked);
  const text = asSimplified(answer);
  const lower = text.toLowerCase();
  const named = plans.filter(
    (p) =>
      text.includes(p.title) ||
      text.includes(p.district) ||
      text.includes(shortDistrict(p.district)) ||
      (p.districtEn && lower.includes(p.districtEn.replace(/\s+District$/i, "").toLowerCase())),
  );
  const candidates = named.length ? named : plans.filter((p) => districts.includes(p.district));
  if (candidates.length !== 1) return [];
  const plan = candidates[0]!;
  const numbers = MEASURE_MENTION.flatMap((re) => [...text.matchAll(re)].map((m) => parseChineseNumber(m[1]!)));
  return unique(numbers.filter((n) => Number.isInteger(n) && n > 0).map((n) => `${plan.id}:${n}`));
}

/**
 * "它还负责哪些措施？" asks about the unit the last answer named, so the question becomes a unit question
 * about that unit (the first one named: answers lead with the responsible unit).
 */
export function resolveUnitReference(current: Understanding, lastAnswer: string, previous: Understanding | null): Understanding {
  if (current.units.length || !UNIT_REFERENCE.test(current.question)) return current;
  const intent = unitIntent(current.question, current.lang, current.districts.length);
  if (!intent) return current;
  const answer = asSimplified(lastAnswer);
  const named = findTerms(answer, lexicon().unitsZh).sort((a, b) => answer.indexOf(a.key) - answer.indexOf(b.key));
  const [unit] = [...named.map((f) => f.value), ...(previous?.units ?? [])];
  if (!unit) return current;
  return {
    ...current,
    intent,
    units: [unit],
    retrievalText: unit,
    expansion: [unit],
    concepts: current.lang === "en" ? [[unit]] : [],
    understoodShare: 1,
    hasTopic: true,
    followup: true,
    followupOf: undefined,
  };
}

/**
 * A clause picked from the last answer by its place in it: 第二条 / 第二个 / 后一条 / 最后那个, "the second
 * one", "the latter". With one clause cited there is nothing to pick from, so 第二条 stays measure 2.
 */
const ORDINAL_ZH =
  /第([一二三四五六七八九十]|\d{1,2})(?:条|个|项|点|款)|(最后|后|前|头|上)(?:一|那|面那|面的)(?:条|个|项)|(最后)(?:那|的那)?(?:条|个|项)/u;
const ORDINAL_EN =
  /\b(?:the )?(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|last|latter|former)(?: one| clause| measure| item| point| of (?:them|those|these|the two))?\b/i;
const ORDINAL_NUMBER: Record<string, number> = {
  first: 1,
  "1st": 1,
  former: 1,
  second: 2,
  "2nd": 2,
  third: 3,
  "3rd": 3,
  fourth: 4,
  "4th": 4,
  fifth: 5,
  "5th": 5,
};

/** Which of `count` cited clauses an ordinal names (0-based), or null. */
export function ordinalPick(question: string, lang: "zh" | "en", count: number): number | null {
  if (count < 2) return null;
  if (lang === "zh") {
    const m = ORDINAL_ZH.exec(question);
    if (!m) return null;
    if (m[1]) {
      const n = parseChineseNumber(m[1]);
      return Number.isInteger(n) && n >= 1 && n <= count ? n - 1 : null;
    }
    const which = m[2] ?? m[3]!;
    return which === "最后" || which === "后" ? count - 1 : which === "前" || which === "头" ? 0 : count - 1;
  }
  const m = ORDINAL_EN.exec(question);
  if (!m) return null;
  const w = m[1]!.toLowerCase();
  // "first" and "last" alone are ordinary words (first-time registration, last year): they pick only as "the first one".
  if ((w === "first" || w === "last") && !/ (?:one|clause|measure|item|point|of)\b/i.test(m[0])) return null;
  const n = w === "last" || w === "latter" ? count : ORDINAL_NUMBER[w]!;
  return n >= 1 && n <= count ? n - 1 : null;
}

/**
 * "第二条是谁负责的？" after an answer citing two clauses asks about the second of them: the question is
 * about that clause alone (not measure 2, not the unit the last answer listed), asking what it asks.
 */
export function resolveOrdinal(current: Understanding, cited: string[]): Understanding {
  // "the first one — how many industries does it cover?": an ordinal said outright allows a longer English question.
  const words = current.question.split(/\s+/).filter((w) => /[a-z0-9]/i.test(w)).length;
  const outright = / (?:one|clause|measure|item|point|of (?:them|those|these|the two))\b/i.test(
    ORDINAL_EN.exec(current.question)?.[0] ?? "",
  );
  const short = current.lang === "zh" ? [...current.question].length <= 16 : words <= (outright ? 13 : 9);
  if (!short) return current;
  const i = ordinalPick(current.question, current.lang, cited.length);
  if (i === null) return current;
  const id = cited[i]!;
  // A measure number the ordinal is not (the cited clauses include measure 2 itself) stays a measure number.
  if (current.measure !== null && cited.some((c) => c.endsWith(`:${current.measure}`))) return current;
  return {
    ...current,
    measure: null,
    units: [],
    // What it asks of that clause is the question's own (谁负责 → who, 说的是什么 → general), not the last turn's.
    intent: classifyIntent(current.question, current.lang, 0, 0),
    hasTopic: true,
    followup: true,
    followupOf: { clauses: [id], inherited: true, ownTopic: "" },
  };
}

export interface FollowupInput {
  /** The conversation's last answer (simplified script), whose cited clauses a follow-up keeps. */
  lastAnswer?: string;
  /** The clauses that answer cited (citedClauses). */
  cited?: string[];
  /** The covered districts' English names, as lower-case words (jiangwan), which name no topic. */
  districtWordsEn?: readonly string[];
  /** The district of a cited clause's plan: a follow-up naming one district keeps that district's cited clauses. */
  districtOf?: (clauseId: string) => string | undefined;
}

/** Completes a short follow-up ("那徐汇区呢？", "哪个部门负责？", "and tax refunds?") from the previous question. */
export function resolveFollowup(current: Understanding, previous: Understanding | null, input: FollowupInput = {}): Understanding {
  if (!previous) return current;
  const lastAnswer = input.lastAnswer ?? "";
  const short = current.lang === "zh" ? [...current.question].length <= 14 : current.question.split(/\s+/).length <= 7;
  // English attribute questions run longer ("And by when is it supposed to be up and running?").
  const shortish = current.lang === "zh" ? short : current.question.split(/\s+/).length <= 12;
  // "And how much will they waive at most per company?": a continuation that points back, in English words.
  const refersBack =
    ((short || (shortish && FOLLOWUP_START.test(current.question))) && BACK_REFERENCE.test(current.question)) ||
    // 那这个担保基金怎么申请…, "By when is that panel supposed to be set up?": longer, but naming what was just said.
    ((current.lang === "zh" ? [...current.question].length <= 24 : current.question.split(/\s+/).length <= 14) &&
      pointsBackByName(current.question, current.lang, `${previous.question}\n${lastAnswer}`));
  const ownTopic = current.question.replace(NON_TOPIC_ZH, "").replace(/^那/, "");
  // 那配合单位是谁 asks for an attribute only: once attribute words are out, nothing of its own is left.
  const attributeOnly =
    shortish &&
    !current.units.length &&
    (current.lang === "zh" ? asksOfClauseOnlyZh(current.question) : asksAttributeOnlyEn(current.question));
  // 那税务局也参与吗？: whether a unit takes part in the topic just discussed, answered by the cited clause's units.
  const involvement = shortish && asksInvolvement(current);
  // 江湾有类似的吗？ / "Same question for Jiangwan": the previous question again, of the district it names.
  const movedOnly =
    // The district's name and the words saying "the same" take room: 那江湾区的呢？也有类似的措施吗.
    (current.lang === "zh" ? [...current.question].length <= 18 : shortish) &&
    !current.units.length &&
    current.districts.length > 0 &&
    current.districts.some((d) => !previous.districts.includes(d)) &&
    (current.lang === "zh"
      ? asksOfClauseOnlyZh(withoutDistricts(current.question, current.districts).replace(SAME_AGAIN_ZH, ""))
      : asksAttributeOnlyEn(current.question, new Set([...SAME_AGAIN_EN, ...(input.districtWordsEn ?? [])])));
  // "which office again?": the glossary's reading of an attribute word (office → 经营场所) is no topic of its own.
  const ownEnglish = current.lang === "en" && current.hasTopic && !attributeOnly;
  const looksLikeFollowup =
    FOLLOWUP_START.test(current.question) ||
    CONDITIONAL.test(current.question) ||
    refersBack ||
    attributeOnly ||
    movedOnly ||
    involvement ||
    (short && (!current.hasTopic || current.intent === FALLBACK_INTENT));
  const context = (inherited: boolean, clauses = input.cited ?? []): FollowupContext => ({
    clauses,
    inherited,
    // English: the Chinese terms the question's own words were mapped to ("volunteer team" → 志愿者服务队).
    ownTopic:
      current.lang === "zh"
        ? involvement
          ? ""
          : withoutFunctionWords(current.question).replace(ATTRIBUTE_WORDS, "")
        : ownEnglish && !involvement
          ? current.retrievalText.replace(/[^\p{Script=Han}]/gu, "")
          : "",
  });
  // A short question naming nothing of its own (多少个领域？) may still be about a clause just cited.
  const mayContinue = short && !current.districts.length && !current.units.length && !current.otherPlaces.length;
  // It also stays in the district the conversation was about (临江… then 政企恳谈会多久开一次？).
  const standalone = mayContinue ? { ...current, districts: previous.districts, followupOf: context(false) } : current;
  if (!looksLikeFollowup) return standalone;
  if (
    current.hasTopic &&
    !FOLLOWUP_START.test(current.question) &&
    !CONDITIONAL.test(current.question) &&
    !refersBack &&
    !attributeOnly &&
    !movedOnly &&
    !involvement &&
    current.intent !== FALLBACK_INTENT
  )
    return standalone;

  // A back-reference keeps the previous topic and adds whatever the question itself asks about.
  // So does a short 那… follow-up asking for an attribute (how long, who, how much) of something the
  // conversation just said (那审批一般要几天 after an answer about 优先审批); one about a topic of its own
  // (那注销呢, 那注销由谁负责) keeps it.
  const asksAttribute =
    short &&
    FOLLOWUP_START.test(current.question) &&
    current.intent !== "general" &&
    current.intent !== "compare" &&
    // The topic comes first in such a question (那审批…要几天): its first word was said before.
    [...ownTopic].length >= 2 &&
    `${previous.question}\n${lastAnswer}`.includes([...ownTopic].slice(0, 2).join(""));
  const conditional = CONDITIONAL.test(current.question) && !current.districts.length && !current.units.length;
  // 那能在哪些地方用？ / 那怎么申请？: no subject of its own, so the subject is what was just discussed.
  const zeroSubject = short && current.lang === "zh" && ZERO_SUBJECT.test(current.question) && !current.units.length;
  const topicFromPrevious =
    !current.hasTopic || refersBack || asksAttribute || attributeOnly || movedOnly || conditional || zeroSubject || involvement;
  const ownText = involvement ? "" : current.lang === "zh" ? current.question : ownEnglish ? current.retrievalText : "";
  const clauseReference = CLAUSE_REFERENCE.test(current.question);
  // "那徐汇区呢？" moves to another district: the previous question's district name must not pull its clauses back.
  const movedDistricts = previous.districts.filter((d) => current.districts.length && !current.districts.includes(d));
  const inheritedText = withoutDistricts(previous.retrievalText, movedDistricts, " ");
  // "那徐汇区呢？" moves to another district: the clauses cited for the previous one are not its clauses.
  const sameDistricts = !current.districts.length || current.districts.every((d) => previous.districts.includes(d));
  // …unless the answer cited clauses of the district it names too (安亭【…】和江湾【…】 then 江湾的那条谁负责？).
  const keptClauses = sameDistricts
    ? (input.cited ?? [])
    : (input.cited ?? []).filter((id) => current.districts.includes(input.districtOf?.(id) ?? ""));
  return {
    ...current,
    retrievalText: topicFromPrevious ? `${inheritedText} ${ownText}`.replace(/\s+/g, " ").trim() : current.retrievalText,
    expansion: topicFromPrevious ? unique([...previous.expansion, ...current.expansion]) : current.expansion,
    // "那浦东的呢？" names a place the corpus lacks: it must not inherit the previous district.
    districts: current.districts.length || current.otherPlaces.length ? current.districts : previous.districts,
    concepts: topicFromPrevious
      ? [...previous.concepts, ...((current.lang === "en" && !ownEnglish) || involvement ? [] : current.concepts)]
      : current.concepts,
    understoodShare: topicFromPrevious ? previous.understoodShare : current.understoodShare,
    otherPlaces: current.otherPlaces,
    // 破产那条具体说了啥 after a unit's list asks about one clause of it, not for the list again.
    intent: involvement
      ? "who"
      : current.intent !== FALLBACK_INTENT
        ? current.intent
        : clauseReference && previous.intent === "unit"
          ? FALLBACK_INTENT
          : previous.intent,
    units: involvement ? [] : topicFromPrevious && !current.units.length && !clauseReference ? previous.units : current.units,
    measure: current.measure ?? (topicFromPrevious ? previous.measure : null),
    followup: true,
    hasTopic: true,
    followupOf: sameDistricts || keptClauses.length ? context(topicFromPrevious, keptClauses) : undefined,
    // "徐汇的呢？" after "普陀方案一共多少条": what was asked before, for a follow-up that asks it of another plan.
    previousQuestion: topicFromPrevious ? previous.question : undefined,
  };
}

/** The clauses a follow-up's answer starts from: cited by the previous answer, and about what the question asks. */
export function anchoredClauses<C extends { id: string; text: string }>(
  u: Understanding,
  clauseOf: (id: string) => C | undefined,
  /** How many clauses of the cited clause's plan contain a word (税务 in many, 解决率 in one or two). */
  spread?: (word: string, clause: C) => number,
): C[] {
  const f = u.followupOf;
  if (!f?.clauses.length) return [];
  const clauses = f.clauses.map(clauseOf).filter((c): c is C => !!c);
  const hanOf = (text: string) => [...text].filter((ch) => /\p{Script=Han}/u.test(ch));
  const han = hanOf(f.ownTopic);
  // How many of the question's own characters fall in a two-character word the clause also has.
  const coverage = (c: C, chars = han) => {
    const covered = new Set<number>();
    for (let i = 0; i + 1 < chars.length; i++) if (c.text.includes(chars[i]! + chars[i + 1]!)) covered.add(i).add(i + 1);
    return covered.size;
  };
  if (f.inherited) {
    // 那这个差评不属实的比例有要求吗 after a clause on 好差评 brings a topic of its own (不属实的比例): the
    // cited clause leads only if it says most of it; else the question is retrieved as a whole.
    // A variation on the case just discussed (要是…呢) stays with it whatever it adds.
    const own = u.lang === "zh" && !CONDITIONAL.test(u.question) ? hanOf(f.ownTopic.replace(ASKED_OF_CLAUSE_ZH, "")) : [];
    if (own.length >= OWN_TOPIC_CHARS && !clauses.some((c) => coverage(c, own) * 2 > own.length)) return [];
    // "Who is on that volunteer team?" after two cited clauses starts from the one about the volunteer team.
    return han.length < 2 ? clauses : [...clauses].sort((a, b) => coverage(b) - coverage(a));
  }
  // A topic of its own (解决率呢？ after an answer about 在线帮办) follows up on a cited clause that says
  // most of it: more than half its characters are covered.
  if (han.length < 2) return [];
  // English: the Chinese terms its own words were mapped to ("the resolution-rate target" → 解决率), a run of
  // three or more of which only this clause and a few others of its plan say.
  if (u.lang !== "zh")
    return clauses.filter((c) => {
      const run = longestRun(han.join(""), c.text);
      return [...run].length >= 3 && (!spread || spread(run, c) <= SPECIFIC_SPREAD);
    });
  // A bare topic (税务方面呢？) that many clauses share names a topic of its own, asked of the plan, not of
  // the cited clause that lists it in passing; one that asks something of it (多少个领域？) stays with the clause.
  const bare = BARE_TOPIC.test(u.question);
  const specific = (c: C) => !bare || !spread || spread(longestRun(han.join(""), c.text), c) <= SPECIFIC_SPREAD;
  return clauses.filter((c) => coverage(c) * 2 > han.length && specific(c));
}

/** How many characters of its own make a follow-up's words a topic of their own rather than a pointer. */
const OWN_TOPIC_CHARS = 6;

/** A topic and nothing asked of it: 税务方面呢？, 那注销怎么样？ */
const BARE_TOPIC = /^(?:那|那么|还有|另外)?[^？?，,。！!\s]{1,8}?(?:方面|领域|这块|这一块)?(?:呢|怎么样|咋样|如何)[？?]?$/u;

/** The most clauses a follow-up's own word may occur in and still point at the cited clause rather than a topic. */
const SPECIFIC_SPREAD = 3;

/** The longest run of `text` that `within` contains. */
function longestRun(text: string, within: string): string {
  let best = "";
  for (let i = 0; i < text.length; i++)
    for (let j = text.length; j > i + best.length; j--)
      if (within.includes(text.slice(i, j))) {
        best = text.slice(i, j);
        break;
      }
  return best;
}

/** Text without the districts' names (江湾区, 江湾), each replaced `by`. */
function withoutDistricts(text: string, districts: string[], by = ""): string {
  return districts.reduce((t, d) => t.replaceAll(d, by).replaceAll(shortDistrict(d), by), text);
}

let functionWords: RegExp | null = null;
/** The question without particles, pronouns and question words (the stop-word list's function words) or punctuation. */
function withoutFunctionWords(text: string): string {
  functionWords ??= new RegExp(
    `${[...stopWords().zhFunction]
      .sort((a, b) => b.length - a.length)
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("|")}|[\\s\\p{P}\\p{S}]`,
    "gu",
  );
  return text.replace(functionWords, "");
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
