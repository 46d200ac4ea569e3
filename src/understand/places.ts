import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * Administrative places a question names that the corpus does not cover (西湖区, 朝阳区, 江州市), beyond
 * the hand table (data/places.json): a name ending in 区/县/市/省/州 whose name, or whose name without
 * that ending, jieba's general dictionary tags as a place (ns). Read once, on the first question that
 * could name one.
 */
let placeWords: Set<string> | null = null;

function places(): Set<string> {
  if (placeWords) return placeWords;
  placeWords = new Set();
  const text = readFileSync(createRequire(import.meta.url).resolve("@node-rs/jieba/dict.txt"), "utf8");
  for (const line of text.split("\n")) {
    if (!line.endsWith(" ns")) continue;
    const word = line.slice(0, line.indexOf(" "));
    if ([...word].length >= 2) placeWords.add(word);
  }
  return placeWords;
}

/** The ending begins another word here (中国市场, 城区域), not a place name's: 市场, 区域, 市民… */
const ENDING_STARTS_WORD = /^(?:市[场民政容值面内外]|区[域块内外间别分]|县[城域内]|省[内外份]|州[际])/;

/** Place names in the text that are not among the covered ones (each covered name as written: 普陀区, 普陀). */
export function administrativePlaces(text: string, covered: ReadonlySet<string>): string[] {
  if (!/[区县市省州]/.test(text)) return [];
  const out: string[] = [];
  const chars = [...text];
  for (let end = 0; end < chars.length; end++) {
    if (!"区县市省州".includes(chars[end]!)) continue;
    // The longest name ending here (在西湖区 → 西湖区): base of 2–4 characters before the ending.
    for (let len = 4; len >= 2; len--) {
      const start = end - len;
      if (start < 0) continue;
      const base = chars.slice(start, end).join("");
      const name = `${base}${chars[end]}`;
      if (!/^[\p{Script=Han}]+$/u.test(base)) continue;
      if (covered.has(name) || covered.has(base)) break;
      const next = chars.slice(end, end + 2).join("");
      if (places().has(name) || (places().has(base) && !ENDING_STARTS_WORD.test(next))) {
        out.push(name);
        break;
      }
    }
  }
  return [...new Set(out)];
}

/** Loads the place names now (start-up warm-up), not on the first question that needs them. */
export function warmPlaces(): void {
  places();
}
