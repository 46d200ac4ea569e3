import { createRequire } from "node:module";
import type * as PinyinPro from "pinyin-pro";

let pinyinPro: typeof PinyinPro | null = null;

/**
 * pinyin-pro's `pinyin`, its module loaded on the first call instead of at import: its dictionaries are ~0.6 MB
 * of source (~60 ms of CPU to load), and a start needs none of it before ready (the lexicon and the typo tables
 * that use it are built on first use, or warmed after ready).
 */
export const pinyin = ((...args: Parameters<typeof PinyinPro.pinyin>) =>
  (pinyinPro ??= createRequire(import.meta.url)("pinyin-pro") as typeof PinyinPro).pinyin(...args)) as typeof PinyinPro.pinyin;
