import { createHash, timingSafeEqual } from "node:crypto";
import type { Request, Response } from "express";
import { UnauthorizedError } from "./errors.ts";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Whether the request carries `Authorization: Bearer <token>` (compared in constant time). */
export function hasBearer(req: Request, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(req.get("authorization") ?? "");
  return !!m && timingSafeEqual(digest(m[1]!.trim()), digest(token));
}

/** Throws 401 (with the challenge header) unless the request carries the token. */
export function checkBearer(req: Request, res: Response, token: string): void {
  if (hasBearer(req, token)) return;
  res.set("WWW-Authenticate", 'Bearer realm="policy-assistant"');
  throw new UnauthorizedError();
}
