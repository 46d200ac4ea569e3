import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import { Bm25Index } from "../src/index/bm25.ts";
import type { Tokenizer } from "../src/index/tokenize.ts";
import { planClauses } from "../src/plan/clauses.ts";
import type { Plan } from "../src/plan/schema.ts";

/**
 * The naive baseline the structured index must beat: fixed-size character chunks of each plan's text
 * (LangChain's RecursiveCharacterTextSplitter), ranked by plain BM25 over jieba words, each chunk mapped
 * back to the citable unit it overlaps most by position.
 */
export async function buildBaseline(plans: Plan[], tokenizer: Tokenizer, chunkSize = 300, chunkOverlap = 30) {
  const splitter = new RecursiveCharacterTextSplitter({ chunkSize, chunkOverlap });
  const chunks: { citationId: string | null; text: string }[] = [];
  for (const plan of plans) {
    const clauses = planClauses(plan);
    let cursor = 0;
    for (const text of await splitter.splitText(plan.text)) {
      const start = plan.text.indexOf(text, Math.max(0, cursor - chunkOverlap - 1));
      cursor = start + text.length;
      const end = start + text.length;
      let best: { id: string; overlap: number } | null = null;
      for (const c of clauses) {
        const overlap = Math.min(end, c.span.end) - Math.max(start, c.span.start);
        if (overlap > 0 && (!best || overlap > best.overlap)) best = { id: c.id, overlap };
      }
      chunks.push({ citationId: best?.id ?? null, text });
    }
  }
  const bm25 = Bm25Index.build(chunks.map((c) => tokenizer.words(c.text)));
  return {
    chunkCount: chunks.length,
    search(query: string, k: number): string[] {
      const ids: string[] = [];
      for (const { doc } of bm25.search(tokenizer.words(query), k * 5)) {
        const id = chunks[doc]!.citationId;
        if (id && !ids.includes(id)) ids.push(id);
        if (ids.length === k) break;
      }
      return ids;
    },
  };
}
