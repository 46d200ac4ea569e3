import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * General Chinese vocabulary (jieba's dictionary and IDF table), read once per process on first use:
 * it tells a real word the corpus lacks (限购, 医保, 网店) from a fragment of dialect or a typo.
 */
let general: { words: Map<string, number>; idf: Map<string, number> } | null = null;

function load() {
  if (general) return general;
  // The IDF table's words are the vocabulary: one file (270k words) instead of the dictionary and the table.
  const idf = new Map<string, number>();
  const text = readFileSync(createRequire(import.meta.url).resolve("@node-rs/jieba/idf.txt"), "utf8");
  for (const line of text.split("\n")) {
    const sp = line.indexOf(" ");
    if (sp > 0) idf.set(line.slice(0, sp), Number(line.slice(sp + 1)));
  }
  general = { words: idf, idf };
  return general;
}

export function generalIdf(word: string): number | undefined {
  return load().idf.get(word);
}

/** General-dictionary words (2–4 characters, longest first) in a run of characters the corpus dictionary split apart. */
export function generalWords(run: string): string[] {
  const chars = [...run];
  return generalWordSpans(run).map(([a, b]) => chars.slice(a, b).join(""));
}

/** Where those words lie in the run, as [start, end) character offsets. */
export function generalWordSpans(run: string): [number, number][] {
  const { words } = load();
  if (!run) return [];
  const chars = [...run];
  const out: [number, number][] = [];
  for (let i = 0; i < chars.length; ) {
    let len = Math.min(4, chars.length - i);
    for (; len >= 2; len--) if (words.has(chars.slice(i, i + len).join(""))) break;
    if (len >= 2) {
      out.push([i, i + len]);
      i += len;
    } else i++;
  }
  return out;
}
