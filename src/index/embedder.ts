import type { OpenAIEmbeddings } from "@langchain/openai";
import type { Config } from "../config.ts";

/** What the index needs of an embedder: LangChain's Embeddings plus a name recorded in the manifest. */
export interface IndexEmbedder {
  id: string;
  embedDocuments(texts: string[]): Promise<number[][]>;
  embedQuery(text: string): Promise<number[]>;
}

/**
 * The id an index built without an embedding model records: lexical retrieval only, no vector index
 * (the hashed TF-IDF vectors it once built were never fused into ranking: they added noise on dev and test).
 */
export const OFFLINE_EMBEDDER_ID = "offline-lexical";

/** The id an index built with the configured embedder would record. */
export function configuredEmbedderId(config: Config): string {
  return config.embeddings ? `openai:${config.embeddings.model}` : OFFLINE_EMBEDDER_ID;
}

export function openAIEmbedder(settings: NonNullable<Config["embeddings"]>): IndexEmbedder {
  // Loaded on first use: @langchain/openai costs ~0.4 s of start-up, and only a configured server needs it.
  let client: Promise<OpenAIEmbeddings> | null = null;
  const embeddings = () =>
    (client ??= import("@langchain/openai").then(
      ({ OpenAIEmbeddings }) =>
        new OpenAIEmbeddings({
          model: settings.model,
          apiKey: settings.apiKey,
          dimensions: settings.dimensions,
          timeout: settings.timeoutMs,
          maxRetries: 1,
          configuration: { baseURL: settings.baseURL },
        }),
    ));
  return {
    id: `openai:${settings.model}`,
    embedDocuments: async (texts) => (await embeddings()).embedDocuments(texts),
    embedQuery: async (text) => (await embeddings()).embedQuery(text),
  };
}
