import express, { type NextFunction, type Request, type Response, Router } from "express";
import { ADMIN_PUBLIC_DIR as PUBLIC_DIR } from "../../admin/paths.ts";
import type { CuratedAnswers } from "../../feedback/curated.ts";
import type { QuestionLog } from "../../feedback/log.ts";
import { buildReport, type ReportRange, resolveBound, unansweredCsv } from "../../feedback/report.ts";
import { CuratedRequest, ReportQuery } from "../../feedback/schemas.ts";
import { AppError, BadRequestError, NotFoundError } from "../../errors.ts";
import type { AppState } from "../app.ts";
import { checkBearer, hasBearer } from "../auth.ts";
import { DatabaseUnavailableError } from "../errors.ts";

const DAY_MS = 86_400_000;
const DEFAULT_DAYS = 30;

export interface AdminOptions {
  token: string | undefined;
  log: QuestionLog;
  curated: CuratedAnswers;
  timeZone: string;
}

/** A lost or refused connection is a 503; any other database error stays an internal error. */
function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (
    typeof e?.code === "string" &&
    (/^(08|57P)/.test(e.code) || ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EHOSTUNREACH"].includes(e.code))
  )
    return true;
  return /connection|timeout|terminat|ECONNREFUSED/i.test(e?.message ?? "");
}

async function withDatabase<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError || !isConnectionError(err)) throw err;
    throw new DatabaseUnavailableError();
  }
}

/**
 * The policy office's side: the /admin page and its JSON API (report, unanswered CSV, curated answers).
 * Off (404) without ADMIN_TOKEN; every data request needs `Authorization: Bearer <ADMIN_TOKEN>`.
 */
export function adminRoutes(state: AppState, { token, log, curated, timeZone }: AdminOptions): Router {
  const router = Router();
  const off = (req: Request, _res: Response, next: NextFunction) => (token ? next() : next(new NotFoundError(`${req.method} ${req.path}`)));
  const auth = (req: Request, res: Response, next: NextFunction) => {
    checkBearer(req, res, token!);
    next();
  };

  // The page holds no data: it asks for the token and reads everything from the API with it. Without the
  // token in the request it is served with 401 (a browser cannot send a bearer token when navigating).
  router.get("/admin", off, (req, res) => {
    if (!hasBearer(req, token!)) res.status(401).set("WWW-Authenticate", 'Bearer realm="policy-assistant"');
    res.set("Cache-Control", "no-store").sendFile("admin.html", { root: PUBLIC_DIR });
  });
  router.use("/admin", off, express.static(PUBLIC_DIR, { index: false, maxAge: "5m" }));

  router.use("/api/admin", off, auth);

  async function rangeOf(req: Request): Promise<ReportRange> {
    const q = ReportQuery.parse(req.query);
    const to = q.to ? await resolveBound(log.database, q.to, timeZone, true) : new Date();
    const from = q.from ? await resolveBound(log.database, q.from, timeZone, false) : new Date(to.getTime() - DEFAULT_DAYS * DAY_MS);
    if (from >= to) throw new BadRequestError("from must be before to", ["from"]);
    return { from, to };
  }

  router.get("/api/admin/report", async (req, res) => {
    const report = await withDatabase(async () => buildReport(log.database, await rangeOf(req), { timeZone }));
    res.set("Cache-Control", "no-store").json({ ...report, queueDepth: log.queue.depth, databaseDown: log.queue.down });
  });

  router.get("/api/admin/unanswered.csv", async (req, res) => {
    const report = await withDatabase(async () => buildReport(log.database, await rangeOf(req), { timeZone, unanswered: 10_000 }));
    const day = new Date().toISOString().slice(0, 10);
    res
      .set({
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="unanswered-${day}.csv"`,
        "Cache-Control": "no-store",
      })
      .send(unansweredCsv(report.unanswered));
  });

  router.get("/api/admin/curated", async (_req, res) => {
    res.set("Cache-Control", "no-store").json({ curated: await withDatabase(() => curated.list()) });
  });

  const specOf = async (body: unknown) => {
    const r = CuratedRequest.parse(body);
    const pattern = r.pattern ?? (await withDatabase(() => curated.questionText(r.questionId!)));
    return { ...r, pattern, sourceQuestionId: r.questionId ?? null, note: r.note ?? null };
  };
  const idOf = (req: Request) => {
    const id = Number(req.params.id);
    if (!Number.isSafeInteger(id) || id <= 0) throw new BadRequestError("id must be a positive integer", ["id"]);
    return id;
  };

  router.post("/api/admin/curated", async (req, res) => {
    const spec = await specOf(req.body);
    res.status(201).json(await withDatabase(() => curated.create(spec, state.assistant().index)));
  });
  router.post("/api/admin/curated/:id", async (req, res) => {
    const id = idOf(req);
    const spec = await specOf(req.body);
    res.json(await withDatabase(() => curated.update(id, spec, state.assistant().index)));
  });
  router.post("/api/admin/curated/:id/withdraw", async (req, res) => {
    const id = idOf(req);
    await withDatabase(() => curated.withdraw(id));
    res.json({ ok: true });
  });

  return router;
}
