import { Router } from "express";
import { z } from "zod";
import { citationOf } from "../../answer/cite.ts";
import { intentOf } from "../../answer/intents.ts";
import { retrieve } from "../../retrieve/pipeline.ts";
import type { AppState } from "../app.ts";
import { ChatRequest } from "../schemas.ts";

const SearchQuery = z.object({
  q: ChatRequest.shape.message,
  k: z.coerce.number().int().min(1).max(50).default(8),
  district: z.string().max(20).optional(),
});

/** Ranked matching clauses for a question, as the console lists them beside the answer. */
export function searchRoutes(state: AppState): Router {
  const router = Router();
  router.get("/api/search", async (req, res) => {
    const { q, k, district } = SearchQuery.parse(req.query);
    const assistant = state.assistant();
    const u = assistant.understand({ message: q, district });
    const hits = await retrieve(assistant.index, u, k, intentOf(u).retrieval);
    res.json(hits.map((h) => ({ ...citationOf(assistant.index, h.clause), score: Number(h.score.toFixed(5)) })));
  });
  return router;
}
