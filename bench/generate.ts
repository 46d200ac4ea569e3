import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DISTRICT, STRUCTURE_START_RE, type PhrasePools } from "./phrases.ts";
import { Rng } from "./prng.ts";

/**
 * A deterministic synthetic corpus in the formats real district plans come in:
 *  - putuo:   front matter, 一、 parts, （一） sections with a lead-in ending 具体措施：, measures `N. …（责任单位：…）`
 *             numbered through the plan;
 *  - xuhui:   一、 parts and （一） sections with body paragraphs and no numbered measures, closing 本…起施行;
 *  - lead:    `N．` / `N、` measures with 牵头单位/配合单位, inline or on their own line;
 *  - paren:   （1）（2）… measures restarting in every section (or part);
 *  - article: 第一章 chapters (some with 第一节 sections) and 第一条 articles numbered through the plan.
 * A few percent of paragraphs get page-break damage: a blank line in the middle of a word, or inside
 * a unit label that is printed again after the break (`（责` ⏎⏎ `责任单位：…`).
 */

export type Format = "putuo" | "xuhui" | "lead" | "paren" | "article";
export const FORMATS: readonly Format[] = ["putuo", "xuhui", "lead", "paren", "article"];

const FORMAT_WEIGHTS: [Format, number][] = [
  ["putuo", 0.3],
  ["xuhui", 0.15],
  ["lead", 0.2],
  ["paren", 0.15],
  ["article", 0.2],
];

export interface GenerateOptions {
  plans: number;
  seed: number;
  /** Mean numbered measures per plan (formats with measures). */
  measuresPerPlan?: number;
  /** Share of paragraphs with page-break damage. */
  damageRate?: number;
}

export interface QueryCase {
  question: string;
  /** Set on queries run with a districts filter. */
  districts?: string[];
  /** District and phrase the question was made from. */
  source: { planId: string; district: string; phrase: string };
}

export interface GeneratedCorpus {
  dir: string;
  plans: number;
  districts: number;
  formats: Record<Format, number>;
  /** Numbered measures written (articles count as measures). */
  measures: number;
  /** Sections written with body text and no measures (xuhui). */
  bodySections: number;
  damaged: number;
  bytes: number;
  /** Candidate (plan, district, phrase) triples for queries. */
  phrases: QueryCase["source"][];
}

// Characters for invented district names, with their pinyin (plan ids are <pinyin>-<year>).
const NAME_CHARS: [string, string][] = Object.entries({
  金: "jin",
  山: "shan",
  宝: "bao",
  华: "hua",
  江: "jiang",
  安: "an",
  平: "ping",
  清: "qing",
  河: "he",
  东: "dong",
  西: "xi",
  南: "nan",
  北: "bei",
  新: "xin",
  阳: "yang",
  兴: "xing",
  丰: "feng",
  昌: "chang",
  龙: "long",
  泉: "quan",
  云: "yun",
  海: "hai",
  城: "cheng",
  湖: "hu",
  明: "ming",
  德: "de",
  林: "lin",
  松: "song",
  嘉: "jia",
  浦: "pu",
  宁: "ning",
  虹: "hong",
  静: "jing",
  闵: "min",
  崇: "chong",
  鼎: "ding",
  盛: "sheng",
  瑞: "rui",
  泰: "tai",
  桥: "qiao",
  溪: "xi",
  源: "yuan",
  岭: "ling",
  州: "zhou",
  川: "chuan",
  水: "shui",
  石: "shi",
  樟: "zhang",
  桂: "gui",
  梅: "mei",
  秀: "xiu",
  文: "wen",
  武: "wu",
  康: "kang",
  乐: "le",
  福: "fu",
  禄: "lu",
  寿: "shou",
  鹤: "he",
  凤: "feng",
  鸣: "ming",
  杨: "yang",
  槐: "huai",
  柳: "liu",
  桐: "tong",
  枫: "feng",
  岳: "yue",
  潭: "tan",
  滨: "bin",
  沙: "sha",
});
const PARK_SUFFIXES = ["科技园", "数字谷", "创新港", "产业园区", "商务区", "滨江片区", "智造园", "生命健康园", "总部湾", "金融城"];
const CHINESE_DIGITS = "零一二三四五六七八九";

export function chineseNumber(n: number): string {
  if (n < 10) return CHINESE_DIGITS[n]!;
  if (n < 20) return `十${n % 10 ? CHINESE_DIGITS[n % 10] : ""}`;
  if (n < 100) return `${CHINESE_DIGITS[Math.floor(n / 10)]}十${n % 10 ? CHINESE_DIGITS[n % 10] : ""}`;
  const rest = n % 100;
  const head = `${CHINESE_DIGITS[Math.floor(n / 100)]}百`;
  if (!rest) return head;
  if (rest < 10) return `${head}零${CHINESE_DIGITS[rest]}`;
  return head + (rest < 20 ? `一${chineseNumber(rest)}` : chineseNumber(rest));
}

interface District {
  name: string;
  short: string;
  pinyin: string;
  parks: string[];
}

/** Invents districts one at a time, never repeating a name or a pinyin id. */
class DistrictNames {
  private readonly names = new Set<string>();
  private readonly ids = new Set<string>();
  private count = 0;

  constructor(private readonly rng: Rng) {}

  next(): District {
    const { rng } = this;
    for (let attempt = 0; ; attempt++) {
      const [c1, p1] = rng.pick(NAME_CHARS);
      const [c2, p2] = rng.pick(NAME_CHARS);
      let short = c1 + c2;
      let pinyin = p1 + p2;
      if (c1 === c2 || this.names.has(short) || this.ids.has(pinyin)) {
        if (attempt < 200) continue;
        // Name space exhausted (very large runs): number the district.
        short = `${c1}${c2}${chineseNumber(this.count % 1000)}`;
        pinyin = `district${String(this.count).padStart(4, "0")}`;
        if (this.names.has(short) || this.ids.has(pinyin)) continue;
      }
      this.names.add(short);
      this.ids.add(pinyin);
      this.count++;
      const suffix = rng.chance(0.1) ? "县" : "区";
      return { name: short + suffix, short, pinyin, parks: rng.sample(PARK_SUFFIXES, 2).map((s) => short + s) };
    }
  }
}

export function generateCorpus(pools: PhrasePools, outDir: string, options: GenerateOptions): GeneratedCorpus {
  const rng = new Rng(options.seed);
  const meanMeasures = options.measuresPerPlan ?? 100;
  const damageRate = options.damageRate ?? 0.03;
  mkdirSync(outDir, { recursive: true });

  // Districts with 1–5 plans each, in distinct years.
  const slots: { district: District; year: number }[] = [];
  const districts: District[] = [];
  const names = new DistrictNames(rng);
  while (slots.length < options.plans) {
    const district = names.next();
    districts.push(district);
    const years = rng.sample([2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025], rng.int(1, 5)).sort();
    for (const year of years) if (slots.length < options.plans) slots.push({ district, year });
  }

  const stats: GeneratedCorpus = {
    dir: outDir,
    plans: 0,
    districts: districts.length,
    formats: { putuo: 0, xuhui: 0, lead: 0, paren: 0, article: 0 },
    measures: 0,
    bodySections: 0,
    damaged: 0,
    bytes: 0,
    phrases: [],
  };

  const planIds = new Set<string>();
  for (const { district, year } of slots) {
    const format = rng.weighted(FORMAT_WEIGHTS);
    const planId = `${district.pinyin}-${year}`;
    if (planIds.has(planId)) throw new Error(`generator bug: plan id ${planId} repeats`);
    planIds.add(planId);
    const gen = new PlanWriter(rng, pools, district, year, damageRate);
    const measureCount = Math.max(20, Math.round(meanMeasures * (0.8 + 0.4 * rng.next())));
    const { text, title } = gen.write(format, measureCount);
    writeFileSync(join(outDir, `${planId}.txt`), text);
    writeFileSync(join(outDir, `${planId}.meta.json`), JSON.stringify({ district: district.name, title }, null, 2));
    stats.plans++;
    stats.formats[format]++;
    stats.measures += gen.measures;
    stats.bodySections += gen.bodySections;
    stats.damaged += gen.damaged;
    stats.bytes += Buffer.byteLength(text);
    for (const phrase of rng.sample(gen.questionPhrases, 4)) stats.phrases.push({ planId, district: district.name, phrase });
  }
  return stats;
}

const QUESTION_TEMPLATES = [
  (p: string) => `${p}有哪些措施？`,
  (p: string) => `关于${p}，责任单位是谁？`,
  (p: string) => `${p}`,
  (p: string) => `如何${p}？`,
  (p: string) => `${p}有什么政策支持`,
];

/** Questions made from random measure phrases; a share of them carry a districts filter, some name the district in the text. */
export function makeQueries(corpus: GeneratedCorpus, count: number, seed: number, filteredShare = 0.3): QueryCase[] {
  const rng = new Rng(seed ^ 0x5eed);
  const out: QueryCase[] = [];
  for (let i = 0; i < count && corpus.phrases.length; i++) {
    const source = rng.pick(corpus.phrases);
    const filtered = rng.chance(filteredShare);
    const template = rng.pick(QUESTION_TEMPLATES);
    const question = !filtered && rng.chance(0.3) ? `${source.district}${template(source.phrase)}` : template(source.phrase);
    out.push(filtered ? { question, districts: [source.district], source } : { question, source });
  }
  return out;
}

class PlanWriter {
  measures = 0;
  bodySections = 0;
  damaged = 0;
  questionPhrases: string[] = [];
  private readonly lines: string[] = [];
  private readonly halfWidth: boolean;

  constructor(
    private readonly rng: Rng,
    private readonly pools: PhrasePools,
    private readonly district: District,
    private readonly year: number,
    private readonly damageRate: number,
  ) {
    this.halfWidth = rng.chance(0.15);
  }

  write(format: Format, measureCount: number): { text: string; title: string } {
    const title = this.title(format);
    switch (format) {
      case "putuo":
        this.putuo(title, measureCount);
        break;
      case "xuhui":
        this.xuhui(title, measureCount);
        break;
      case "lead":
        this.lead(title, measureCount);
        break;
      case "paren":
        this.paren(title, measureCount);
        break;
      case "article":
        this.article(title, measureCount);
        break;
    }
    return { text: `${this.lines.join("\n\n")}\n`, title };
  }

  // --- text pieces -----------------------------------------------------------------------------

  private local(s: string): string {
    return s.replaceAll(DISTRICT, this.district.short);
  }

  private title(format: Format): string {
    const d = this.district.name;
    if (format === "article") return this.rng.pick([`${d}关于进一步优化营商环境的若干措施`, `${d}优化营商环境若干措施`]);
    return this.rng.pick([
      `${d}深化推进一流营商环境建设行动方案`,
      `${d}持续优化提升营商环境行动方案`,
      `${d}${this.year}年优化营商环境行动方案`,
      `${d}全面优化营商环境提升市场主体满意度行动方案`,
      `${d}打造国际一流营商环境行动方案`,
    ]);
  }

  private target(): string {
    const n = this.rng.int(2, 99);
    const sp = this.rng.chance(0.3) ? " " : "";
    return this.rng.pick([
      `比例达到${sp}${n}%${sp}以上`,
      `办理时限压缩至${sp}${this.rng.int(1, 15)}${sp}个工作日`,
      `全年组织${sp}${this.rng.int(3, 30)}${sp}次以上政策宣介活动`,
      `新增${sp}${this.rng.int(2, 40)}${sp}项涉企事项`,
      `实现${sp}${this.rng.int(30, 180)}${sp}分钟内办结`,
      `覆盖企业数达到${sp}${this.rng.int(100, 5000)}${sp}家`,
    ]);
  }

  /** One sentence: a real one, or 2–4 real clauses recombined; sometimes with a target or a local name. */
  private sentence(): string {
    if (this.rng.chance(0.3)) return this.local(this.rng.pick(this.pools.sentences));
    const clauses = this.rng.sample(this.pools.clauses, this.rng.int(2, 4)).map((c) => this.local(c));
    if (this.rng.chance(0.2)) clauses.splice(this.rng.int(0, clauses.length), 0, this.target());
    if (this.rng.chance(0.15)) clauses.unshift(`依托${this.rng.pick(this.district.parks)}`);
    return `${clauses.join("，")}。`;
  }

  private paragraph(sentences: number): string {
    let text = "";
    for (let i = 0; i < sentences; i++) text += this.sentence();
    // Never start like a heading or a measure marker, nor with a digit (`4．90%…` reads as a decimal).
    while (STRUCTURE_START_RE.test(text) || /^[\d(（]/.test(text)) text = `进一步${text}`;
    return text;
  }

  private measureText(): string {
    const text = this.paragraph(
      this.rng.weighted([
        [1, 0.35],
        [2, 0.4],
        [3, 0.2],
        [4, 0.05],
      ]),
    );
    this.remember(text);
    return text;
  }

  private remember(text: string) {
    if (this.questionPhrases.length > 40 && !this.rng.chance(0.1)) return;
    const candidates = text.split(/[，。；：]/).filter((c) => c.length >= 6 && c.length <= 24 && !/[（）《》“”()]/.test(c));
    if (candidates.length) this.questionPhrases.push(this.rng.pick(candidates));
  }

  private units(
    k = this.rng.weighted([
      [1, 0.45],
      [2, 0.35],
      [3, 0.15],
      [4, 0.05],
    ]),
  ): string {
    return this.rng.sample(this.pools.units, k).join("、");
  }

  private sectionTitle(): string {
    return this.local(this.rng.pick(this.pools.sectionTitles));
  }

  private partTitles(n: number): string[] {
    return this.rng.sample(this.pools.partTitles, n).map((t) => this.local(t));
  }

  private intro(): string {
    const base = this.pools.intros.length ? this.local(this.rng.pick(this.pools.intros)) : `${this.sentence()}`;
    const stem = base.replace(/[，,]?(?:特制订本行动方案|制定本方案)[：。]$/, "").replace(/[：。]$/, "");
    return stem + this.rng.pick(["，特制订本行动方案：", "，制定本方案。", "，结合本区实际，制定本方案。"]);
  }

  private date(): { y: number; m: number; d: number } {
    return { y: this.year, m: this.rng.int(1, 12), d: this.rng.int(1, 28) };
  }

  /** Adds a paragraph, sometimes with page-break damage. */
  private push(line: string, label?: string) {
    this.lines.push(this.rng.chance(this.damageRate) ? this.damage(line, label) : line);
  }

  private damage(line: string, label?: string): string {
    this.damaged++;
    if (label && this.rng.chance(0.25)) {
      // The unit label starts before the page break and is printed again after it.
      const at = line.lastIndexOf(`（${label}`);
      if (at > 0) return `${line.slice(0, at + 2)}\n\n${line.slice(at + 1)}`;
    }
    const positions: number[] = [];
    const cjk = /[\u4e00-\u9fff]/;
    for (let i = 10; i < line.length - 8; i++) if (cjk.test(line[i - 1]!) && cjk.test(line[i]!)) positions.push(i);
    if (!positions.length) return line;
    const at = this.rng.pick(positions);
    return `${line.slice(0, at)}\n\n${line.slice(at)}`;
  }

  private unitGroup(inner: string): string {
    return this.halfWidth && this.rng.chance(0.5) ? `(${inner})` : `（${inner}）`;
  }

  /** Splits `total` measures into `groups` non-empty groups. */
  private split(total: number, groups: number): number[] {
    const sizes = new Array<number>(groups).fill(1);
    for (let i = groups; i < total; i++) sizes[this.rng.int(0, groups - 1)]!++;
    return sizes;
  }

  private endMatter(office: string) {
    const { y, m, d } = this.date();
    this.lines.push(office, `${y}年${m}月${d}日印发`);
    if (this.rng.chance(0.5)) this.lines.push(`（共印${this.rng.int(50, 300)}份）`);
  }

  // --- formats ---------------------------------------------------------------------------------

  private putuo(title: string, measureCount: number) {
    const { y, m, d } = this.date();
    const d0 = this.district;
    const cut = this.rng.int(6, title.length - 4);
    this.lines.push(
      "",
      `${d0.short}委办发〔${y}〕${this.rng.int(1, 60)}号`,
      `中共上海市${d0.name}委办公室\n上海市${d0.name}人民政府办公室\n印发《${title.slice(0, cut)}\n${title.slice(cut)}》的通知`,
      "各部、委、办、局，法院、检察院，各街道、镇，各人民团体：",
      `《${title}》已经区委、\n区人民政府同意，现印发给你们，请认真贯彻执行。`,
      `中共上海市${d0.name}委办公室\n上海市${d0.name}人民政府办公室`,
      `${y}年${m}月${d}日`,
      title,
      this.intro(),
    );
    const sectionCount = Math.max(3, Math.round(measureCount / 4.5));
    const partCount = this.rng.int(3, 5);
    const perPart = this.split(sectionCount, partCount);
    const perSection = this.split(measureCount, sectionCount);
    const parts = this.partTitles(partCount);
    let s = 0;
    let n = 0;
    perPart.forEach((sections, p) => {
      this.lines.push(`${chineseNumber(p + 1)}、${parts[p] ?? this.sectionTitle()}`);
      for (let i = 0; i < sections; i++, s++) {
        const lead = this.paragraph(this.rng.int(1, 2));
        this.push(`（${chineseNumber(s + 1)}）${this.sectionTitle()}。${lead}具体措施：`);
        for (let j = 0; j < perSection[s]!; j++) {
          n++;
          const marker = this.halfWidth ? `${n}. ` : this.rng.chance(0.9) ? `${n}. ` : `${n}.`;
          this.push(`${marker}${this.measureText()}${this.unitGroup(`责任单位：${this.units()}`)}`, "责");
          this.measures++;
        }
      }
    });
    this.endMatter(`中共上海市${d0.name}委办公室`);
  }

  private xuhui(title: string, measureCount: number) {
    this.lines.push("", title, this.intro());
    // About as much text as a plan with measures, in ~30 sections of several sentences each.
    const sectionCount = Math.max(4, Math.round(measureCount / 3.3));
    const partCount = this.rng.int(4, 6);
    const perPart = this.split(sectionCount, partCount);
    const parts = this.partTitles(partCount);
    perPart.forEach((sections, p) => {
      this.lines.push(`${chineseNumber(p + 1)}、${parts[p] ?? this.sectionTitle()}`);
      if (this.rng.chance(0.6)) this.push(this.paragraph(1));
      for (let i = 0; i < sections; i++) {
        this.lines.push(`（${chineseNumber(i + 1)}）${this.sectionTitle()}`);
        const paragraphs = this.rng.weighted([
          [1, 0.7],
          [2, 0.3],
        ]);
        for (let k = 0; k < paragraphs; k++) {
          const body = this.paragraph(this.rng.int(3, 8));
          this.remember(body);
          this.push(body);
        }
        this.bodySections++;
      }
    });
    const { y, m, d } = this.date();
    this.lines.push(`本行动方案自 ${y} 年 ${m} 月 ${d} 日起施行。`);
  }

  private lead(title: string, measureCount: number) {
    this.lines.push("", title, this.intro());
    const partCount = this.rng.int(3, 6);
    const withSections = this.rng.chance(0.5);
    const groups = withSections ? Math.max(partCount, Math.round(measureCount / 5)) : partCount;
    const perPart = withSections ? this.split(groups, partCount) : new Array<number>(partCount).fill(1);
    const perGroup = this.split(measureCount, groups);
    const parts = this.partTitles(partCount);
    const marker = this.rng.chance(0.7) ? "．" : "、";
    let g = 0;
    let n = 0;
    perPart.forEach((sections, p) => {
      this.lines.push(`${chineseNumber(p + 1)}、${parts[p] ?? this.sectionTitle()}`);
      for (let i = 0; i < sections; i++, g++) {
        if (withSections) this.lines.push(`（${chineseNumber(i + 1)}）${this.sectionTitle()}`);
        for (let j = 0; j < perGroup[g]!; j++) {
          n++;
          const units = this.rng.chance(0.8) ? `牵头单位：${this.units(1)}；配合单位：${this.units()}` : `牵头单位：${this.units(1)}`;
          if (this.rng.chance(0.6)) {
            this.push(`${n}${marker}${this.measureText()}${this.unitGroup(units)}`, "牵");
          } else {
            this.push(`${n}${marker}${this.measureText()}`);
            this.lines.push(this.rng.chance(0.5) ? units : `（${units}）`);
          }
          this.measures++;
        }
      }
    });
    this.endMatter(`${this.district.name}人民政府办公室`);
  }

  private paren(title: string, measureCount: number) {
    this.lines.push("", title, this.intro());
    const partCount = this.rng.int(3, 6);
    const withSections = this.rng.chance(0.7);
    const groups = withSections ? Math.max(partCount, Math.round(measureCount / 5)) : partCount;
    const perPart = withSections ? this.split(groups, partCount) : new Array<number>(partCount).fill(1);
    const perGroup = this.split(measureCount, groups);
    const parts = this.partTitles(partCount);
    const label = this.rng.pick(["责任部门", "责任单位"]);
    let g = 0;
    perPart.forEach((sections, p) => {
      this.lines.push(`${chineseNumber(p + 1)}、${parts[p] ?? this.sectionTitle()}`);
      for (let i = 0; i < sections; i++, g++) {
        if (withSections) this.lines.push(`（${chineseNumber(i + 1)}）${this.sectionTitle()}`);
        for (let j = 0; j < perGroup[g]!; j++) {
          const units = this.rng.chance(0.6) ? this.unitGroup(`${label}：${this.units()}`) : "";
          this.push(`（${j + 1}）${this.measureText()}${units}`, "责");
          this.measures++;
        }
      }
    });
    const { y, m, d } = this.date();
    this.lines.push(`本方案自${y}年${m}月${d}日起施行。`);
  }

  private article(title: string, measureCount: number) {
    this.lines.push("", title);
    const chapterCount = this.rng.int(4, 7);
    const perChapter = this.split(measureCount - 2, chapterCount - 2);
    const titles = this.partTitles(chapterCount - 2);
    const withUnits = this.rng.chance(0.4);
    let n = 0;
    const article = (text: string) => {
      n++;
      this.push(`第${chineseNumber(n)}条　${text}`, "责");
      this.measures++;
    };
    this.lines.push("第一章　总则");
    article(this.intro().replace(/，(?:特制订本行动方案|制定本方案|结合本区实际，制定本方案)[：。]$/, "，制定本措施。"));
    perChapter.forEach((count, c) => {
      this.lines.push(`第${chineseNumber(c + 2)}章　${titles[c] ?? this.sectionTitle()}`);
      const sections = count >= 8 && this.rng.chance(0.3) ? this.split(count, this.rng.int(2, 3)) : [count];
      sections.forEach((size, s) => {
        if (sections.length > 1) this.lines.push(`第${chineseNumber(s + 1)}节　${this.sectionTitle()}`);
        for (let i = 0; i < size; i++) article(this.measureText() + (withUnits ? this.unitGroup(`责任单位：${this.units()}`) : ""));
      });
    });
    this.lines.push(`第${chineseNumber(chapterCount)}章　附则`);
    const { y, m, d } = this.date();
    article(`本措施自${y}年${m}月${d}日起施行。`);
  }
}
