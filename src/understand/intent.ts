import { stopWords } from "./lexicon.ts";
import type { Lang } from "./script.ts";

export type Intent = "who" | "unit" | "deadline" | "target" | "compare" | "general";

const WHO_ZH =
  /谁|哪个(?:部门|单位|机构|局|委)|哪些(?:部门|单位|机构)|哪家|什么(?:部门|单位|机构)|由哪|归哪|找哪|责任单位|牵头单位|负责单位|负责部门|主管部门|(?:主办|承办|经办|主责|归口)(?:单位|部门|机构)/;
const WHO_EN =
  /\bwho\b|\bwhom\b|which (?:[a-z]+ )?(?:department|unit|agenc|office|bureau|authorit|organi[sz]ation|body|government bod)|what (?:department|unit|agency|office|bureau|authority)|responsible (?:unit|department)|in charge\b/;
const UNIT_TASKS_ZH =
  /(?:负责|牵头|参与|配合|承担|涉及)[^，。？?]{0,8}?(?:哪些|哪几|什么|啥)(?!时候|时间|部门|单位)|(?:哪些|哪几)(?:条|项)|负责(?:哪些|什么|啥)|承担(?:哪些|什么)|(?:做|干)(?:什么|啥|哪些|哪几)|有哪些(?:措施|工作|任务|职责)|的(?:措施|工作|任务|职责)有哪些|管(?:哪些|什么|啥)|都管|职责|(?:涉及|参与|牵头|配合)(?:了)?(?:哪些|什么|哪几)|(?:哪些|什么|哪几项|哪几条)(?:措施|工作|任务|事项?)[^，。？?]{0,12}(?:负责|牵头|承担)|(?:负责|牵头|配合|参与|承担|分管)?的(?:事项|事情|事儿|事|活儿?|工作|任务|措施|条款|分工|职责)(?:有哪些|都有哪些|是什么|是啥|有什么|有啥|清单|列一下)?[？?。]?$|(?:负责|牵头|配合|参与|承担|分管)(?:的)?(?:事项|事情|工作|任务|措施|条款)(?:清单)?[？?。]?$|(?:负责|牵头|配合|参与|承担)(?:了)?(?:几|多少)(?:条|项|个)|\s(?:牵头|配合|参与)[？?。]?$/;
const UNIT_TASKS_EN =
  /responsible for (?:what|which)|what (?:else )?(?:is|are|does|do)\b.*\b(?:responsible for|do|handle|cover|in charge of|lead|lead on|support|run|oversee|manage|look after|deal with|take care of|work on|tasked with)\b|\b(?:list|show|give)\b.*\b(?:measures|tasks|items)\b|\b(?:measures|tasks|items) (?:led|handled|supported|run|owned|overseen) by\b|how many (?:measures|tasks|items) (?:does|do|is|are)\b|what (?:measures|tasks|work)\b|which (?:measures|tasks)\b|\b(?:other|more) (?:measures|tasks|items)\b|\b(?:tasks|duties|responsibilities|remit) of\b|'s (?:tasks|duties|responsibilities|remit)\b/;
/**
 * More ways of asking for a unit's share of the plan: what work it got (分到哪些活, 主要抓哪些事, 管哪几件事,
 * 手上有哪些活), a unit and a task word alone (北塘 区司法局 任务); "List what X is in charge of", "What does X
 * have to deliver", "X – responsibilities in this plan?". A unit must be named for these to count.
 */
const UNIT_SHARE_ZH =
  /(?:哪些|哪几|什么|啥)(?:件|项|个|条|样)?(?:活儿?|事儿?|事情|任务|工作|职责|分工)|(?:^|\s)(?:任务|职责|分工|工作|措施)[？?。]?$/;
const UNIT_SHARE_EN =
  /\b(?:what|which|list|everything|all)\b.*\b(?:in charge of|on the hook for|responsible for|accountable for|tasked with|(?:have|has|got) to (?:deliver|do)|deliver(?:ing)?|leading|lead(?:s)? on)\b|\b(?:responsibilities|duties)\b/;

const TARGET_ZH =
  /多少|几(?:天|个|项|分钟|小时|次|条|成|家|批)|多久|多长时间|多快|比例|百分之|百分比|目标|时限|期限|什么时候|何时|几号|哪天|多大|面积/;
const TARGET_EN =
  /how (?:many|much|long|fast|quickly|soon)|\bpercent|\bpercentage|\btarget|\bdeadline|\bwhen\b|\bwithin\b|\bratio\b|\brate\b|\bgoal\b|what date/;
/** What finishing or launching a measure is called in a question (完成, 落实, 弄完, 上线, 建好…). */
const DONE_ZH =
  "(?:完成|截止|到期|落实|落地|实现|达到|达成|做到|办完|做完|弄完|搞完|干完|做好|弄好|搞好|办好|搞定|建好|建成|上线|推出|出台|到位|开通|推开|铺开|用上|能用|开始(?:实行|推行|实施)?|实行|推行)";
/** When a measure is due (its 完成时限), not how long a service takes (办结时限 is a target figure). */
const DEADLINE_ZH = new RegExp(
  [
    `(?:什么时候|啥时候|什么时间|何时|几时|哪天|几月份?|哪个月|哪一年|哪年)(?:之前|以前|前)?(?:能|要|会|得|就|可以|才)?(?:全部|全面)?${DONE_ZH}`,
    "完成(?:时限|期限|时间|日期|节点)|时间节点|时间表|时间安排|进度安排|截止(?:时间|日期)?|(?:年底|年内|月底)(?:前)?(?:能|会|可以)?(?:完成|做完|办完|弄完|建成|实现)|(?:任务|措施|这项|该项|此项)[^，。？?]{0,8}(?:时限|期限)",
    `(?:哪年|几月)(?:底前)?${DONE_ZH}`,
  ].join("|"),
);
/** When a measure is due in English: by when, the deadline, when it will be done or launched. */
const DEADLINE_EN =
  /\bdeadlines?\b|\bdue\b|\bby when\b|\btime ?lines?\b|\btime ?frames?\b|\bschedule[sd]?\b|\bby (?:the )?end of\b|\b(?:completed|finished|done|achieved|reached) by\b|\bin what year\b|\bwhat year (?:will|is|should|must)\b|\bcompletion (?:date|time)\b|\bwhen (?:is|are|will|should|must|does|do)\b.*\b(?:completed|finished|done|implemented|achieved|launch(?:ed)?|go live|ready|in place|rolled out|set up|available)\b|\bby what (?:date|time|month|year)\b|\bhow soon will\b/;
const COMPARE_ZH = /比较|对比|区别|不同|差异|异同|相比|两(?:个)?区|各有|分别/;
const COMPARE_EN = /\bcompare|\bcomparison|\bdifference|\bdiffer\b|\bversus\b|\bvs\.?\b|\bboth\b/;
/** A comparison word alone (不同, both) is not a comparison: it must be of the districts. */
const OF_DISTRICTS = /两(?:个)?区|两区|各区|both districts|two districts|each district/i;

/** A pattern that holds when either does (a recognizer's patterns must all hold). */
function either(a: RegExp, b: RegExp): RegExp {
  return new RegExp(`(?:${a.source})|(?:${b.source})`, a.flags);
}

/** What the question names besides its wording: how many units, how many covered districts. */
export interface IntentSignals {
  units: number;
  districts: number;
}

/**
 * How an intent is recognised, as data. The question matches when every pattern of its language holds
 * (on its lower-cased text), or every Chinese pattern holds (a Chinese term quoted in an English question).
 */
export interface IntentRecognizer {
  intent: Intent;
  zh: RegExp[];
  en: RegExp[];
  /** At least these signals, or the intent does not apply (a unit question names a unit). */
  needs?: Partial<IntentSignals>;
  /** These signals make the intent whatever the wording (two districts named: a comparison). */
  suffices?: Partial<IntentSignals>;
}

/** In the order they are tried; the last one (no patterns) takes every question the others leave. */
export const INTENT_RECOGNIZERS: readonly IntentRecognizer[] = [
  { intent: "compare", zh: [COMPARE_ZH, OF_DISTRICTS], en: [COMPARE_EN, OF_DISTRICTS], suffices: { districts: 2 } },
  { intent: "unit", zh: [either(UNIT_TASKS_ZH, UNIT_SHARE_ZH)], en: [either(UNIT_TASKS_EN, UNIT_SHARE_EN)], needs: { units: 1 } },
  { intent: "who", zh: [WHO_ZH], en: [WHO_EN] },
  { intent: "deadline", zh: [DEADLINE_ZH], en: [DEADLINE_EN] },
  { intent: "target", zh: [TARGET_ZH], en: [TARGET_EN] },
  { intent: "general", zh: [], en: [] },
];

/** The intent of a question no recognizer claims; a follow-up that has it inherits the previous one. */
export const FALLBACK_INTENT = INTENT_RECOGNIZERS.at(-1)!.intent;
const FALLBACK = FALLBACK_INTENT;

const holds = (wanted: Partial<IntentSignals> | undefined, s: IntentSignals) =>
  !!wanted && (Object.keys(wanted) as (keyof IntentSignals)[]).every((k) => s[k] >= wanted[k]!);

/** What kind of answer the question wants. */
export function classifyIntent(text: string, lang: Lang, namedUnits: number, namedDistricts: number): Intent {
  const t = lang === "en" ? text.toLowerCase() : text;
  const signals = { units: namedUnits, districts: namedDistricts };
  const said = (r: IntentRecognizer) => r[lang].every((p) => p.test(t)) || r.zh.every((p) => p.test(text));
  const found = INTENT_RECOGNIZERS.find((r) => holds(r.suffices, signals) || ((!r.needs || holds(r.needs, signals)) && said(r)));
  return found?.intent ?? FALLBACK;
}

/** The intent a question about a unit it does not name would have once the unit is known (它还负责哪些？), or null. */
export function unitIntent(text: string, lang: Lang, namedDistricts: number): Intent | null {
  const intent = classifyIntent(text, lang, 1, namedDistricts);
  return INTENT_RECOGNIZERS.find((r) => r.intent === intent)?.needs?.units ? intent : null;
}

/**
 * The intent once the conversation is resolved (a follow-up inherits units, districts and intent): an
 * intent backed by its own signals stands; otherwise signals that suffice for another decide; an intent
 * whose needs no longer hold falls back.
 */
export function settleIntent(intent: Intent, signals: IntentSignals): Intent {
  const own = INTENT_RECOGNIZERS.find((r) => r.intent === intent)!;
  if (own.needs && holds(own.needs, signals)) return intent;
  const forced = INTENT_RECOGNIZERS.find((r) => holds(r.suffices, signals));
  if (forced) return forced.intent;
  return own.needs ? FALLBACK : intent;
}

/** Words that carry intent or politeness but no topic (the one stop-word list): what is left after removing them is the topic. */
export const NON_TOPIC_ZH = stopWords().zhPattern;
/** Compared with stemmed words, so it holds stems. */
export const NON_TOPIC_EN = stopWords().en;
