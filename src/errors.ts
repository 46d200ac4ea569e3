/** Typed errors; the HTTP layer maps each kind to a status in one place. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A plan file that cannot be parsed, located by file and line. */
export class PlanParseError extends AppError {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super("plan_parse_error", `${file}:${line}: ${detail}`);
  }
}

export class ConfigError extends AppError {
  constructor(detail: string) {
    super("config_error", detail);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super("not_found", `${what} not found`);
  }
}

export class IndexMismatchError extends AppError {
  constructor(detail: string) {
    super("index_mismatch", detail);
  }
}

/** Input that is well-formed but cannot be served, with the path of the offending field. */
export class BadRequestError extends AppError {
  constructor(
    detail: string,
    readonly path: (string | number)[] = [],
  ) {
    super("bad_request", detail);
  }
}

/** The model's answer ran past the answer length cap (the request was stopped); the offline answer is used. */
export class LlmOutputTooLongError extends AppError {
  constructor(limit: number) {
    super("llm_too_long", `the model's answer exceeded ${limit} characters`);
  }
}
