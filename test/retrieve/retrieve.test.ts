import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PolicyIndex } from "../../src/index/store.ts";
import { questionConcepts, withoutAsides } from "../../src/retrieve/concepts.ts";
import { retrieve } from "../../src/retrieve/pipeline.ts";
import { englishConcepts, englishTerms, occursInCorpus, prepareEnglish } from "../../src/retrieve/english.ts";
import { ClauseRetriever } from "../../src/retrieve/langchain.ts";
import { inProcessStore, withSentences } from "../../src/retrieve/retriever.ts";
import { homophoneCorrections, lookalikeCorrections, typoCorrections } from "../../src/retrieve/typos.ts";
import { spokenFigures, understand } from "../../src/understand/understand.ts";
import { fixtureIndex } from "../helpers/fixture.ts";

let index: PolicyIndex;
let cleanup = () => {};
beforeAll(async () => {
  const f = await fixtureIndex();
  index = f.index;
  cleanup = f.cleanup;
});
afterAll(() => cleanup());

const u = (q: string) =>
  understand(
    q,
    [],
    index.plans.map((p) => p.meta),
  );

describe("colloquial and mistyped questions", () => {
  it("matches a name as said without the aside in brackets the plan writes inside it", () => {
    expect(withoutAsides("依托中以（上海）创新园，提供服务（区科委）")).toContain("依托中以创新园，提供服务");
    expect(withoutAsides("推行企业简易注销。")).toBe("推行企业简易注销。");
  });

  it("reads a homophone typo as the corpus word it sounds like", async () => {
    expect(homophoneCorrections(index, "公司想注消掉")).toContainEqual({ written: "注消", meant: "注销" });
    const hits = await retrieve(index, u("公司想注消掉，有啥简便办法"), 3);
    expect(hits[0]!.id).toBe("anting-2024:3");
  });

  it("does not correct a word the corpus has, or one that differs in more than one character", () => {
    expect(homophoneCorrections(index, "企业注销")).toEqual([]);
    expect(homophoneCorrections(index, "朱晓")).toEqual([]);
  });

  it("reads a typo inside or across whole words, never out of the middle of one or from a function word", () => {
    // 具体供应 is 具体 + 供应, not 具 + 提供 (体供 sounds like 提供); 上是 is 上 + 是, not 上市.
    expect(homophoneCorrections(index, "具体供应哪些").map((c) => c.meant)).not.toContain("提供");
    expect(homophoneCorrections(index, "税务上是不是要先注销").map((c) => c.meant)).not.toContain("上市");
    expect(homophoneCorrections(index, "企业注消要多久").some((c) => c.meant.endsWith("注销"))).toBe(true);
  });

  it("reads a look-alike typo (形近字) as the corpus word, but not a real word that happens to look alike", async () => {
    expect(lookalikeCorrections(index, "中小微企业贷款但保")).toContainEqual({ written: "但保", meant: "担保" });
    expect(typoCorrections(index, "审批宙批要多久").map((c) => c.meant)).toEqual([]);
    expect(lookalikeCorrections(index, "宙批时限压缩到几天")).toContainEqual({ written: "宙批", meant: "审批" });
    // 货款 is a word of its own (payment for goods), not a mistyped 贷款.
    expect(lookalikeCorrections(index, "拖欠货款怎么办")).toEqual([]);
    expect((await retrieve(index, u("政策性融资但保基金谁负责"), 1))[0]!.id).toBe("anting-2024:4");
  });

  it("keeps dictionary words as concepts and drops fragments the dictionary does not know", () => {
    const concepts = questionConcepts(index, u("阿拉公司想注消掉，手续老麻烦额")).flat();
    expect(concepts).toContain("注销");
    expect(concepts).not.toContain("烦额");
    expect(concepts).not.toContain("想注");
  });

  it("finds a word no dictionary has in the characters the plans write (互认), and reads a word split by a stop character whole (新能源)", async () => {
    const concepts = questionConcepts(index, u("安亭的互认是怎么回事")).flat();
    expect(concepts).toContain("互认");
    expect(concepts).not.toContain("怎么回事");
    expect((await retrieve(index, u("安亭的互认是怎么回事"), 1))[0]!.id).toBe("anting-2024:1");
    expect(questionConcepts(index, u("买新能源车有补贴吗")).flat()).toContain("新能源");
  });

  it("keeps a real word the corpus lacks as a concept, so a question about it is not answered by others", () => {
    expect(questionConcepts(index, u("安亭区房屋限购政策是什么")).flat()).toContain("限购");
  });
});

describe("English through CC-CEDICT", () => {
  it("maps English words to the corpus terms the dictionary defines by them", () => {
    expect(englishTerms(index, "Is there training for listing?").flatMap((m) => m.terms)).toContain("培训");
    expect(englishTerms(index, "guarantee for loans").flatMap((m) => m.terms)).toContain("贷款");
  });

  it("ignores loose everyday words", () => {
    expect(englishTerms(index, "We have many months")).toEqual([]);
  });

  it("joins the dictionary's corpus terms to the glossary's concept for the same words, keeping the terms the corpus uses", () => {
    // The glossary's financing concept names the seeds' words (融资成本, 上市…); this corpus writes 基金.
    const q = u("Is there a guarantee fund for small companies?");
    const { concepts, ownConcepts } = englishConcepts(index, q);
    expect(ownConcepts).toBe(true);
    const fund = concepts.find((c) => c.includes("基金"));
    expect(fund).toBeDefined();
    expect(fund!.every((t) => occursInCorpus(index, t))).toBe(true);
  });

  it("reads a name the corpus lacks as a concept no clause says, over the glossary's reading of a word inside it", () => {
    const concepts = englishConcepts(index, u("How do I get a driver's license?")).concepts;
    expect(concepts.some((c) => c.every((t) => !occursInCorpus(index, t)))).toBe(true);
    expect(concepts.flat()).not.toContain("营业执照");
    // A word with many senses is no such concept.
    expect(englishConcepts(index, u("What is the cap on bankruptcy cases?")).concepts.flat()).not.toContain("帽子");
  });

  it("builds the dictionary map in the background, a slice per turn of the event loop, to the same map", async () => {
    const f = await fixtureIndex();
    try {
      let turns = 0;
      const ticker = setInterval(() => turns++, 0);
      await prepareEnglish(f.index);
      clearInterval(ticker);
      expect(turns).toBeGreaterThan(5);
      const question = "Who handles bankruptcy and training for listing, with guarantee loans?";
      expect(englishTerms(f.index, question)).toEqual(englishTerms(index, question));
      expect(englishTerms(f.index, question).length).toBeGreaterThanOrEqual(2);
    } finally {
      f.cleanup();
    }
  });

  it("takes no district name for a topic", () => {
    expect(englishConcepts(index, u("What does Anting offer for bankruptcy?")).concepts.flat()).not.toContain("安亭区");
  });
});

describe("ClauseRetriever (LangChain)", () => {
  it("returns the clauses as Documents with their citation id and evidence, filtered as asked", async () => {
    const docs = await new ClauseRetriever({ index, k: 3 }).invoke("电子印章公共服务平台由哪个部门负责？");
    expect(docs[0]!.metadata.id).toBe("anting-2024:2");
    expect(docs[0]!.metadata.matched.length).toBeGreaterThan(0);
    expect(docs[0]!.pageContent).toContain("电子印章公共服务平台");
    const filtered = await new ClauseRetriever({ index, k: 3, filter: { districts: ["江湾区"] } }).invoke("审批时限压缩到多久？");
    expect(filtered.every((d) => d.metadata.planId === "jiangwan-2023")).toBe(true);
  });

  it("passes a plan filter down to the search: another plan's best clause is not returned", async () => {
    const question = "电子印章公共服务平台由哪个部门负责？";
    const docs = await new ClauseRetriever({ index, k: 3, filter: { planIds: ["jiangwan-2023"] } }).invoke(question);
    expect(docs.length).toBeGreaterThan(0);
    expect(docs.every((d) => d.metadata.planId === "jiangwan-2023")).toBe(true);
    expect(await new ClauseRetriever({ index, k: 3, filter: { planIds: ["no-such-2020"] } }).invoke(question)).toEqual([]);
  });
});

describe("figures said in words", () => {
  it("reads 五天 and 九十分钟 as the plans write them", () => {
    expect(spokenFigures("听说五天就能办完，九十分钟就能拿证")).toEqual(["5天", "90分钟"]);
    expect(spokenFigures("一网通办")).toEqual([]);
    // A formula said aloud or by voice input, as the plans write it; 增加/参加 are no sums.
    expect(spokenFigures("老听人说三加五加X政策")).toEqual(["3+5+X"]);
    expect(spokenFigures("增加五项服务，参加培训")).toEqual(["5项"]);
  });

  it("counts a spoken figure as the clause's written one", async () => {
    const hits = await retrieve(index, u("听说注销五天以内就能办好，真的假的"), 3);
    expect(hits[0]!.id).toBe("anting-2024:3");
    expect(hits[0]!.evidence!.matched).toContain("五天");
  });
});

describe("the clause store's hits", () => {
  it("carry their clause's sentences scored against the question, for composition to quote from", async () => {
    const [first] = await inProcessStore(index).search(u("安亭区政府机关使用电子印章的比例是多少？"), { k: 3, strategy: "ranked" });
    expect(first!.id).toBe("anting-2024:2");
    const scored = first!.sentences();
    expect(scored.map((s) => s.text).join("")).toBe(first!.clause.text);
    expect(first!.sentences()).toBe(scored);
  });

  it("score each sentence by the words it shares with the question", () => {
    const clause = { ...index.clauses.get("anting-2024:2")!, text: "建设公共服务平台。全区政府机关使用电子印章。每年开展培训。" };
    const hit = withSentences({ id: clause.id, clause, score: 1, lexical: null, vector: null }, index.tokenizer, "政府机关电子印章");
    const [platform, seals, training] = hit.sentences().map((s) => s.overlap);
    expect(seals).toBeGreaterThan(platform!);
    expect(seals).toBeGreaterThan(training!);
    expect(
      withSentences({ ...hit }, index.tokenizer, "")
        .sentences()
        .every((s) => s.overlap === 0),
    ).toBe(true);
  });
});
