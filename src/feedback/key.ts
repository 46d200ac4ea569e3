import { cleanInput, toSimplified } from "../understand/script.ts";

/** Greetings before and particles after a question change nothing about what was asked. */
const LEADING = /^(?:请问|你好|您好|麻烦问一下|麻烦|想问一下|想问|我想问|咨询一下|咨询)+/;
const TRAILING = /(?:吗|呢|呀|啊|吧|哦|嘛|谢谢|谢了)+$/;
const EN_FILLER = /\b(?:hi|hello|please|thanks|thank you|could you tell me|can you tell me)\b/g;

/**
 * The key questions are grouped by: the (already masked) question folded to one script and case, without
 * greetings, particles, punctuation or spaces. "请问，企业注销怎么办理？" and "企业注销怎么办理" share a key.
 */
export function questionKey(masked: string): string {
  const folded = toSimplified(cleanInput(masked)).toLowerCase().replace(EN_FILLER, " ");
  const bare = folded.replace(/[\p{P}\p{S}\s]+/gu, "");
  return bare.replace(LEADING, "").replace(TRAILING, "") || bare;
}

function bigrams(key: string): Set<string> {
  const chars = [...key];
  if (chars.length < 2) return new Set(chars);
  const out = new Set<string>();
  for (let i = 0; i < chars.length - 1; i++) out.add(chars[i]! + chars[i + 1]!);
  return out;
}

/** Dice similarity of two keys' character bigrams (0..1). */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const x = bigrams(a);
  const y = bigrams(b);
  if (!x.size || !y.size) return 0;
  let shared = 0;
  for (const g of x) if (y.has(g)) shared++;
  return (2 * shared) / (x.size + y.size);
}

export const NEAR_DUPLICATE = 0.75;

export interface KeyCount {
  key: string;
  count: number;
  /** One question as asked (masked), shown for the group. */
  sample: string;
}

export interface QuestionGroup extends KeyCount {
  /** The keys folded into this group (the first is the most asked). */
  keys: string[];
}

/**
 * Folds near-duplicate keys into the most asked one: greedy, most frequent first, so a group is named by
 * its commonest wording, and a key joins the earliest group it is similar enough to. Only groups sharing a
 * character pair with the key are compared (an inverted index), so thousands of keys take milliseconds.
 */
export function groupNearDuplicates(counts: KeyCount[], threshold = NEAR_DUPLICATE): QuestionGroup[] {
  const sorted = [...counts].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  const groups: QuestionGroup[] = [];
  const groupGrams: number[] = [];
  const byGram = new Map<string, number[]>();
  for (const c of sorted) {
    const grams = bigrams(c.key);
    const shared = new Map<number, number>();
    for (const g of grams) for (const gi of byGram.get(g) ?? []) shared.set(gi, (shared.get(gi) ?? 0) + 1);
    let home = -1;
    for (const [gi, n] of shared) {
      if ((gi < home || home < 0) && (2 * n) / (grams.size + groupGrams[gi]!) >= threshold) home = gi;
    }
    if (home >= 0) {
      groups[home]!.count += c.count;
      groups[home]!.keys.push(c.key);
      continue;
    }
    const gi = groups.push({ ...c, keys: [c.key] }) - 1;
    groupGrams.push(grams.size);
    for (const g of grams) {
      const list = byGram.get(g);
      if (list) list.push(gi);
      else byGram.set(g, [gi]);
    }
  }
  return groups.sort((a, b) => b.count - a.count);
}
