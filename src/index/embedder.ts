import type { OpenAIEmbeddings } from "@langchain/openai";
import type { Config } from "../config.ts";
import { OfflineEmbeddings } from "./embeddings.ts";
import type { Tokenizer } from "./tokenize.ts";

/** What the index needs of an embedder: LangChain's Embeddings plus a name recorded in the manifest. */
export interface IndexEmbedder {
  id: string;
  embedDocuments(texts: string[]): Promise<number[][]>;
  embedQuery(text: string): Promise<number[]>;
}

export function offlineEmbedderId(): string {
  return "offline-tfidf-hash-v1";
}

/** The id an index built with the configured embedder would record. */
export function configuredEmbedderId(config: Config): string {
  return config.embeddings ? `openai:${config.embeddings.model}` : offlineEmbedderId();
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

export function offlineEmbedder(embeddings: OfflineEmbeddings): IndexEmbedder & { embeddings: OfflineEmbeddings } {
  return {
    id: embeddings.id,
    embeddings,
    embedDocuments: (texts) => embeddings.embedDocuments(texts),
    embedQuery: (text) => embeddings.embedQuery(text),
  };
}

export function fitOfflineEmbedder(texts: string[], tokenizer: Tokenizer) {
  return offlineEmbedder(OfflineEmbeddings.fit(texts, tokenizer));
}
