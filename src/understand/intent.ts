import { stem } from "./lexicon.ts";
import type { Lang } from "./script.ts";

export type Intent = "who" | "unit" | "deadline" | "target" | "compare" | "general";

const WHO_ZH =
  /谁|哪个(?:部门|单位|机构|局|委)|哪些(?:部门|单位|机构)|哪家|什么(?:部门|单位|机构)|由哪|归哪|找哪|责任单位|牵头单位|负责单位|负责部门|主管部门/;
const WHO_EN =
  /\bwho\b|\bwhom\b|which (?:[a-z]+ )?(?:department|unit|agenc|office|bureau|authorit|organi[sz]ation|body|government bod)|what (?:department|unit|agency|office|bureau|authority)|responsible (?:unit|department)|in charge\b/;
const UNIT_TASKS_ZH =
  /负责(?:哪些|什么|啥)|承担(?:哪些|什么)|(?:做|干)(?:什么|啥|哪些|哪几)|有哪些(?:措施|工作|任务|职责)|的(?:措施|工作|任务|职责)有哪些|管(?:哪些|什么|啥)|都管|职责|(?:涉及|参与|牵头|配合)(?:了)?(?:哪些|什么|哪几)|(?:哪些|什么|哪几项|哪几条)(?:措施|工作|任务|事项?)[^，。？?]{0,12}(?:负责|牵头|承担)/;
const UNIT_TASKS_EN =
  /responsible for (?:what|which)|what (?:else )?(?:is|are|does|do)\b.*\b(?:responsible for|do|handle|cover|in charge of)|what (?:measures|tasks|work)\b|which (?:measures|tasks)\b/;
const TARGET_ZH =
  /多少|几(?:天|个|项|分钟|小时|次|条|成|家|批)|多久|多长时间|多快|比例|百分之|百分比|目标|时限|期限|什么时候|何时|几号|哪天|多大|面积/;
const TARGET_EN =
  /how (?:many|much|long|fast|quickly|soon)|\bpercent|\bpercentage|\btarget|\bdeadline|\bwhen\b|\bwithin\b|\bratio\b|\brate\b|\bgoal\b|what date/;
/** When a measure is due (its 完成时限), not how long a service takes (办结时限 is a target figure). */
const DEADLINE_ZH =
  /什么时候(?:前)?(?:完成|截止|到期|落实|落地|实现|办完|做完)|何时(?:前)?(?:完成|截止|到期|落实|落地|实现)|完成(?:时限|期限|时间|日期|节点)|时间节点|截止(?:时间|日期)?|(?:任务|措施|这项|该项|此项)[^，。？?]{0,8}(?:时限|期限)|(?:哪年|几月)(?:底前)?(?:完成|截止)/;
const DEADLINE_EN =
  /\bdeadlines?\b|\bdue\b|\bby when\b|\bcompletion (?:date|time)\b|\bwhen (?:is|are|will|should|must)\b.*\b(?:completed|finished|done|implemented|achieved)\b/;
const COMPARE_ZH = /比较|对比|区别|不同|差异|异同|相比|两(?:个)?区|各有|分别/;
const COMPARE_EN = /\bcompare|\bcomparison|\bdifference|\bdiffer\b|\bversus\b|\bvs\.?\b|\bboth\b/;

/** What kind of answer the question wants. */
export function classifyIntent(text: string, lang: Lang, namedUnits: number, namedDistricts: number): Intent {
  const t = lang === "en" ? text.toLowerCase() : text;
  const match = (zh: RegExp, en: RegExp) => (lang === "zh" ? zh.test(t) : en.test(t)) || zh.test(text);
  if (namedDistricts >= 2 || (match(COMPARE_ZH, COMPARE_EN) && /两(?:个)?区|两区|各区|both districts|two districts|each district/.test(t)))
    return "compare";
  if (namedUnits > 0 && match(UNIT_TASKS_ZH, UNIT_TASKS_EN)) return "unit";
  if (match(WHO_ZH, WHO_EN)) return "who";
  if (match(DEADLINE_ZH, DEADLINE_EN)) return "deadline";
  if (match(TARGET_ZH, TARGET_EN)) return "target";
  return "general";
}

/** Words that carry intent or politeness but no topic: what is left after removing them is the topic. */
export const NON_TOPIC_ZH =
  /谁|哪个|哪些|哪家|什么|怎么|怎样|如何|部门|单位|机构|负责|责任|牵头|由|呢|吗|吧|啊|呀|嘛|那么|那|还有|另外|的|了|是|有|请问|请|一下|我|我们|你|你们|想|问|知道|告诉|多少|几|多久|时候|情况|方面|政策|措施|规定|规划|方案|区里|区|市|[\s\p{P}\p{S}\d]/gu;
/** Compared with stemmed words, so it holds stems. */
export const NON_TOPIC_EN = new Set<string>(
  "a an the and or but what whats what's which who whom whose how is are was were do does did can could should would will about for of in on at to by with from this that these those there it its they them their i me my we our you your please tell know any some also too then so what's like regarding responsible department unit handle handles in charge district city plan plans policy policies measure measures rule rules say says when where why whether if myself yourself ourselves himself herself itself themselves mine yours ours he she his her him"
    .split(" ")
    .map(stem),
);
