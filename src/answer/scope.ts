import type { ClauseHit } from "../retrieve/hybrid.ts";
import type { Understanding } from "../understand/understand.ts";

export type OutOfScope = "other_place" | "instructions" | "chit_chat" | "no_match" | "weak_match";

const INJECTION_RE =
  /忽略(?:之前|以上|前面|上述|所有)?的?(?:指令|指示|提示|规则|要求)|无视(?:之前|以上)?的?(?:指令|规则)|系统提示|提示词|你的(?:设定|指令|规则)|扮演|越狱|ignore (?:all |the |any |your )?(?:previous|prior|above|earlier|rules|instructions|documents|guidelines)|disregard (?:all |the |your )?(?:previous|prior|instructions|rules)|system prompt|jailbreak|pretend (?:you are|to be)|you are now|developer mode|act as\b|system override|override (?:your|the|all) (?:rules|instructions|settings)|(?:print|reveal|show|output|repeat|dump|leak) (?:me )?(?:your|the) (?:hidden |secret |system |initial |original )?(?:instructions|prompt|rules|configuration)|hidden (?:instructions|prompt)/i;
const CHIT_CHAT_RE =
  /^(?:你好|您好|嗨|哈喽|在吗|在不在|谢谢|多谢|再见|早上好|晚上好|hi|hello|hey|thanks|thank you|bye|good (?:morning|evening))[\s\p{P}]*$|讲个笑话|说个笑话|笑话|唱首歌|写(?:一)?首诗|你是谁|你叫什么|天气|气温|下雨|\bjoke\b|\bpoem\b|\bweather\b|who are you/iu;

/** A hit's evidence strength: the IDF-weighted share of the question's concepts the clause says. */
export function matchStrength(hit: ClauseHit): number {
  return hit.evidence?.strength ?? 0;
}

const RARE_MATCHES = 2;

/** The threshold below which the best clause is taken not to answer the question (calibrated on the dev set). */
export const DEFAULT_MIN_STRENGTH = 0.25;

/** Decides whether the plans answer the question at all; null when they do. */
export function outOfScope(u: Understanding, hits: ClauseHit[], minStrength = DEFAULT_MIN_STRENGTH): OutOfScope | null {
  if (INJECTION_RE.test(u.question)) return "instructions";
  if (u.otherPlaces.length && !u.districts.length) return "other_place";
  if (CHIT_CHAT_RE.test(u.question) && !u.followup) return "chit_chat";
  if (!hits.length) return "no_match";
  const top = hits.slice(0, 3);
  const best = Math.max(...top.map(matchStrength));
  // Two concepts specific to a few clauses, both said by one of them, answer a long spoken question too.
  const specific = minStrength > 0 && top.some((h) => (h.evidence?.rareMatched ?? 0) >= RARE_MATCHES);
  return best < minStrength && !specific ? "weak_match" : null;
}
