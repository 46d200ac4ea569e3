import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pinyin } from "pinyin-pro";
import { retrieve } from "../src/retrieve/pipeline.ts";
import { typoCorrections } from "../src/retrieve/typos.ts";
import { understand } from "../src/understand/understand.ts";
import { indexForCorpus } from "./corpora.ts";

/**
 * `npx tsx eval/typo-probe.ts`: how well homophone typos are read, on questions made from the plans (no eval
 * question involved). For each measure, its rarest plan word (2–4 characters) has its last character swapped
 * for the commonest other character of the same toneless pinyin (jieba's dictionary frequencies), and is asked
 * in a few sentence frames; a probe passes when the typo's question ranks the same clause first as the
 * correctly written one, and is read when a correction restores the word.
 */
const FRAMES: ((district: string, word: string) => string)[] = [
  (d, w) => `${d}关于${w}有什么措施`,
  (d, w) => `${d}${w}要多久`,
  (_, w) => `${w}的责任单位是谁`,
  (d, w) => `想问下${d}${w}能不能快点`,
];

function commonestBySound(): Map<string, string[]> {
  const dict = readFileSync(createRequire(import.meta.url).resolve("@node-rs/jieba/dict.txt"), "utf8");
  const bySound = new Map<string, [string, number][]>();
  for (const line of dict.split("\n")) {
    const [w, f] = line.split(" ");
    if (!w || [...w].length !== 1 || !/[\u4e00-\u9fff]/.test(w)) continue;
    const key = pinyin(w, { toneType: "none" });
    bySound.set(key, [...(bySound.get(key) ?? []), [w, Number(f)]]);
  }
  return new Map([...bySound].map(([k, l]) => [k, l.sort((a, b) => b[1] - a[1]).map(([c]) => c)]));
}

const bySound = commonestBySound();
for (const corpus of ["seeds", "fixtures"] as const) {
  const index = await indexForCorpus(corpus, () => {});
  const metas = index.plans.map((p) => p.meta);
  const probes: { district: string; word: string; typo: string }[] = [];
  const seen = new Set<string>();
  for (const c of index.clauses.values()) {
    if (c.leadIn || !c.measure) continue;
    const words = index.tokenizer
      .dictionaryWords(c.text)
      .filter((w) => /^[\u4e00-\u9fff]{2,4}$/.test(w) && index.bm25.idf(w) > 3)
      .sort((a, b) => index.bm25.idf(b) - index.bm25.idf(a));
    const word = words[0];
    if (!word || seen.has(word)) continue;
    seen.add(word);
    const chars = [...word];
    const last = chars.at(-1)!;
    const alike = bySound.get(pinyin(last, { toneType: "none" }))?.find((ch) => ch !== last);
    if (!alike) continue;
    probes.push({ district: metas.find((m) => m.id === c.planId)!.district, word, typo: [...chars.slice(0, -1), alike].join("") });
  }
  for (const [f, frame] of FRAMES.entries()) {
    let same = 0;
    let read = 0;
    for (const p of probes) {
      const right = await retrieve(index, understand(frame(p.district, p.word), [], metas), 1);
      const typo = frame(p.district, p.typo);
      const wrong = await retrieve(index, understand(typo, [], metas), 1);
      if (right[0]?.id === wrong[0]?.id) same++;
      if (typoCorrections(index, typo).some((t) => t.meant.includes(p.word) || p.word.includes(t.meant))) read++;
    }
    console.log(`${corpus} frame ${f + 1} (${frame("X区", "词")}): ${probes.length} probes, same first clause ${same}, typo read ${read}`);
  }
}
