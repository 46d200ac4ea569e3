import { pinyin } from "pinyin-pro";
import type { PolicyIndex } from "../index/store.ts";

/**
 * Homophone typos (注消 for 注销, 营业之照 for 营业执照): a run of the question that is not a word of the
 * corpus but sounds exactly like one (toneless pinyin) and shares at least half its characters with it
 * is taken to mean that word.
 */
export interface Correction {
  written: string;
  meant: string;
}

const MIN_LEN = 2;
const MAX_LEN = 4;

const soundsCache = new WeakMap<PolicyIndex, { bySound: Map<string, string[]>; vocabulary: Set<string> }>();

/** The corpus's words (2–4 characters) by their toneless pinyin, built once per index. */
function corpusSounds(index: PolicyIndex) {
  let entry = soundsCache.get(index);
  if (!entry) {
    const vocabulary = new Set(index.bm25.data.terms.filter((t) => !t.startsWith("#") && /^[\u3400-\u9fff]+$/.test(t)));
    const bySound = new Map<string, string[]>();
    for (const w of vocabulary) {
      const n = [...w].length;
      if (n < MIN_LEN || n > MAX_LEN) continue;
      const key = sound(w);
      const list = bySound.get(key) ?? [];
      list.push(w);
      bySound.set(key, list);
    }
    entry = { bySound, vocabulary };
    soundsCache.set(index, entry);
  }
  return entry;
}

function sound(text: string): string {
  return pinyin(text, { toneType: "none", type: "array", v: true }).join(" ");
}

export function homophoneCorrections(index: PolicyIndex, text: string): Correction[] {
  const { bySound, vocabulary } = corpusSounds(index);
  const out: Correction[] = [];
  for (const run of text.match(/[\u3400-\u9fff]+/g) ?? []) {
    const chars = [...run];
    const syllables = pinyin(run, { toneType: "none", type: "array", v: true });
    if (syllables.length !== chars.length) continue;
    for (let len = MAX_LEN; len >= MIN_LEN; len--) {
      for (let i = 0; i + len <= chars.length; i++) {
        const written = chars.slice(i, i + len).join("");
        if (vocabulary.has(written) || out.some((c) => c.written.includes(written))) continue;
        const candidates = bySound.get(syllables.slice(i, i + len).join(" ")) ?? [];
        for (const meant of candidates) {
          const same = [...meant].filter((c, k) => c === chars[i + k]).length;
          // One wrong character in a word of two or more: a typo, not a different word that sounds alike.
          if (same >= Math.ceil(len / 2) && same === len - 1 && !text.includes(meant)) out.push({ written, meant });
        }
      }
    }
  }
  return out;
}
