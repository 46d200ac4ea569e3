import { Router } from "express";
import { BadRequestError } from "../../errors.ts";
import type { QuestionLog } from "../../feedback/log.ts";
import { FeedbackRequest } from "../../feedback/schemas.ts";
import type { AppState } from "../app.ts";

/** POST /api/feedback {answerId, rating, comment?, clauseId?} → 201 {ok:true}; queued like the question log. */
export function feedbackRoutes(state: AppState, log: QuestionLog): Router {
  const router = Router();
  router.post("/api/feedback", async (req, res) => {
    const body = FeedbackRequest.parse(req.body);
    if (body.clauseId && !state.assistant().index.clauses.has(body.clauseId))
      throw new BadRequestError(`unknown clause id "${body.clauseId}"`, ["clauseId"]);
    await log.feedback(body);
    res.status(201).json({ ok: true });
  });
  return router;
}
