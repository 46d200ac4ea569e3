import { BadRequestError } from "../errors.ts";
import type { PolicyIndex } from "../index/store.ts";
import { retrieve } from "../retrieve/pipeline.ts";
import { toTraditional } from "../understand/script.ts";
import { understand, type HistoryMessage, type Understanding } from "../understand/understand.ts";
import { citationOf } from "./cite.ts";
import { composeAnswer, notFoundAnswer } from "./compose.ts";
import type { LlmAnswerer } from "./llm.ts";
import type { Answer } from "./schema.ts";
import { DEFAULT_MIN_STRENGTH, matchStrength, outOfScope } from "./scope.ts";
import type { ClauseHit } from "../retrieve/hybrid.ts";

/** The best hit, then only those that match the question on their own (a unit's clauses all count). */
function relevantHits(u: Understanding, hits: ClauseHit[], minStrength: number): ClauseHit[] {
  if (u.intent === "unit" && u.units.length) return hits;
  return hits.filter((h, i) => i === 0 || matchStrength(h) >= minStrength);
}

export interface AskInput {
  message: string;
  history?: HistoryMessage[];
  /** A covered district to answer from when the question names none (e.g. the widget's page). */
  district?: string;
  /** Who asked, for the question log (never used to answer): the client, and its address (hashed before storing). */
  channel?: "widget" | "console" | "api";
  clientIp?: string;
}

export interface Assistant {
  index: PolicyIndex;
  llmModel: string | null;
  ask(input: AskInput, signal?: AbortSignal): Promise<Answer>;
  understand(input: AskInput): Understanding;
}

export interface AssistantOptions {
  llm?: LlmAnswerer | null;
  minStrength?: number;
  /** Log LLM failures (the answer falls back to the offline one). */
  onLlmError?: (err: unknown) => void;
}

const RETRIEVE_K = 8;
/** How many retrieved clauses the LLM is shown. */
const LLM_CLAUSES = 6;

export function createAssistant(index: PolicyIndex, options: AssistantOptions = {}): Assistant {
  const metas = index.plans.map((p) => p.meta);
  const districts = new Set(metas.map((m) => m.district));
  const llm = options.llm ?? null;

  const interpret = (input: AskInput): Understanding => {
    const u = understand(input.message, input.history ?? [], metas);
    if (input.district && !districts.has(input.district)) {
      throw new BadRequestError(`unknown district "${input.district}"; covered: ${[...districts].join(", ")}`, ["district"]);
    }
    if (input.district && !u.districts.length && !u.otherPlaces.length) return { ...u, districts: [input.district] };
    return u;
  };

  return {
    index,
    llmModel: llm?.model ?? null,
    understand: interpret,
    async ask(input, signal) {
      const u = interpret(input);
      const hits = await retrieve(index, u, RETRIEVE_K);
      const minStrength = options.minStrength ?? DEFAULT_MIN_STRENGTH;
      const scope = outOfScope(index, u, hits, minStrength);
      if (scope) return notFoundAnswer(index, u, scope);
      const offline = composeAnswer(index, u, relevantHits(u, hits, minStrength));
      if (!llm) return offline;
      try {
        const shown = hits.slice(0, LLM_CLAUSES);
        const out = await llm.answer(u, shown, input.history ?? [], signal);
        const byId = new Map(shown.map((h) => [h.id, h]));
        // Only clauses the model was shown may be cited; an invented id is dropped.
        const valid = [...new Set(out.citations)].filter((id) => byId.has(id));
        if (!valid.length) return { ...offline, fallback: "llm_no_valid_citation" };
        // The model sees the question in Simplified script; a Traditional question gets a Traditional answer.
        const answer = u.traditional ? toTraditional(out.answer) : out.answer;
        return { ...offline, answer, mode: "llm", citations: valid.map((id) => citationOf(index, byId.get(id)!.clause)) };
      } catch (err) {
        if (signal?.aborted) throw err;
        options.onLlmError?.(err);
        return { ...offline, fallback: "llm_error" };
      }
    },
  };
}
