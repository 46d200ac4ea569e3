import { Router } from "express";

/** The widget, demo page and operator console (static files served by the assistant). */
export function webRoutes(): Router {
  return Router();
}
