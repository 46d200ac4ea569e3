import type { PolicyIndex } from "../index/store.ts";
import { RARE_WORD_IDF } from "../index/tokenize.ts";
import type { ClauseHit } from "../retrieve/hybrid.ts";
import { districtNames, findTerms, lexicon } from "../understand/lexicon.ts";
import type { Understanding } from "../understand/understand.ts";

export type OutOfScope = "other_place" | "instructions" | "chit_chat" | "no_match" | "weak_match";

const INJECTION_RE =
  /忽略(?:之前|以上|前面|上述|所有)?的?(?:指令|指示|提示|规则|要求)|无视(?:之前|以上)?的?(?:指令|规则)|系统提示|提示词|你的(?:设定|指令|规则)|扮演|越狱|ignore (?:all |the |any )?(?:previous|prior|above|earlier)|disregard (?:all |the |your )?(?:previous|prior|instructions|rules)|system prompt|jailbreak|pretend (?:you are|to be)|you are now|developer mode|act as\b/i;
const CHIT_CHAT_RE =
  /^(?:你好|您好|嗨|哈喽|在吗|在不在|谢谢|多谢|再见|早上好|晚上好|hi|hello|hey|thanks|thank you|bye|good (?:morning|evening))[\s\p{P}]*$|讲个笑话|说个笑话|笑话|唱首歌|写(?:一)?首诗|你是谁|你叫什么|天气|气温|下雨|\bjoke\b|\bpoem\b|\bweather\b|who are you/iu;

/**
 * The question's topic as concepts, each a group of alternative terms: a colloquial word with its plan
 * synonyms, or a content word on its own. District names are filters, not topics, and are left out.
 */
export function concepts(index: PolicyIndex, u: Understanding): string[][] {
  // An English follow-up to a Chinese question has no English concepts: its topic is the Chinese retrieval text.
  if (u.lang === "en" && u.concepts.length) return u.concepts;
  const metas = index.plans.map((p) => p.meta);
  const places = [
    ...districtNames(metas).flatMap((d) => d.names),
    ...metas.flatMap((m) => (m.city ? [m.city, m.city.replace(/市$/, "")] : [])),
  ];
  const synonyms = findTerms(u.retrievalText, lexicon().synonyms);
  let rest = u.retrievalText;
  for (const name of [...synonyms.map((f) => f.key), ...places].sort((a, b) => b.length - a.length)) rest = rest.split(name).join("，");
  const words = index.tokenizer.cut(rest).filter((w) => [...w].length >= 2 && !/^[a-z0-9.%]+$/.test(w) && !NON_TOPIC_WORDS.has(w));
  return [...synonyms.map((f) => [f.key, ...f.value]), ...[...new Set(words)].map((w) => [w])];
}

/**
 * How much of what the question asks the clause actually says: the IDF-weighted share of the question's
 * concepts found in the clause. Rank-fused scores say nothing absolute; this does, so it sets the refusal
 * threshold. Concepts weigh by their general-language IDF, so a specific word the clause lacks (个人所得税)
 * counts for more than a generic one (计划, 改进).
 */
export function matchStrength(index: PolicyIndex, u: Understanding, hit: ClauseHit, groups = concepts(index, u)): number {
  if (!groups.length) return 0;
  const clauseText = matchTexts(index).get(hit.id) ?? "";
  let found = 0;
  let total = 0;
  for (const group of groups) {
    const weight = Math.max(...group.map((t) => index.generalIdf.get(t) ?? RARE_WORD_IDF));
    total += weight;
    if (group.some((t) => clauseText.includes(t))) found += weight;
    else if (group.length === 1 && [...group[0]!].length >= LONG_COMPOUND) found += weight * partsFound(index, group[0]!, clauseText);
  }
  const share = found / total;
  return u.lang === "en" ? Math.min(share, u.understoodShare) : share;
}

const matchTextCache = new WeakMap<PolicyIndex, Map<string, string>>();

/** Each clause's chunks (header and text) as one string, built once per index instead of a scan of every chunk per hit. */
function matchTexts(index: PolicyIndex): Map<string, string> {
  let texts = matchTextCache.get(index);
  if (!texts) {
    texts = new Map();
    for (const c of index.chunks) {
      const text = `${c.header}\n${c.text}`;
      const before = texts.get(c.citationId);
      texts.set(c.citationId, before === undefined ? text : `${before}\n${text}`);
    }
    matchTextCache.set(index, texts);
  }
  return texts;
}

/** A compound this long (不动产转移登记) gets partial credit for the parts a clause has (不动产, 登记). */
const LONG_COMPOUND = 6;

function partsFound(index: PolicyIndex, word: string, clauseText: string): number {
  const parts = index.tokenizer.words(word).filter((w) => w !== word && [...w].length >= 2);
  return parts.length ? parts.filter((p) => clauseText.includes(p)).length / parts.length : 0;
}

/** Question words that say nothing about the topic. */
export const NON_TOPIC_WORDS = new Set(
  "什么 哪些 哪个 怎么 怎样 如何 多少 多久 时候 部门 单位 负责 谁 请问 可以 能否 是否 有没有 一下 现在 目前 区里 提到 几条 哪几个 公司 企业 我们 你们 政府 区里 方案 政策 措施 规定 办法 简便 两个 分别 各自 各有 区别 不同 对比 比较 不能 我能 我想 想要 需要 提供 进行 开展 有关 相关 工作 服务 方面 具体 主要 哪里 这个 那个 还有 另外".split(
    " ",
  ),
);

/** The threshold below which the best clause is taken not to answer the question (calibrated on the dev set). */
export const DEFAULT_MIN_STRENGTH = 0.25;

/** Decides whether the plans answer the question at all; null when they do. */
export function outOfScope(
  index: PolicyIndex,
  u: Understanding,
  hits: ClauseHit[],
  minStrength = DEFAULT_MIN_STRENGTH,
  groups?: string[][],
): OutOfScope | null {
  if (INJECTION_RE.test(u.question)) return "instructions";
  if (u.otherPlaces.length && !u.districts.length) return "other_place";
  if (CHIT_CHAT_RE.test(u.question) && !u.followup) return "chit_chat";
  if (!hits.length) return "no_match";
  if (u.intent === "unit" && u.units.length) return null;
  const topic = groups ?? concepts(index, u);
  const best = Math.max(...hits.slice(0, 3).map((h) => matchStrength(index, u, h, topic)));
  return best < minStrength ? "weak_match" : null;
}
