import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isJsonRequest } from "../../src/server/guards.ts";

/** A server that answers what isJsonRequest and req.is("application/json") say of each request. */
let server: ReturnType<express.Express["listen"]>;
let base: string;
beforeAll(async () => {
  const app = express();
  app.all("/", (req, res) => {
    res.json({ fast: isJsonRequest(req), is: Boolean(req.is("application/json")) });
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => server.close());

describe("isJsonRequest", () => {
  it("says what req.is('application/json') says, for the exact headers it recognizes at once and for every other one", async () => {
    const types = [
      "application/json",
      "application/json; charset=utf-8",
      "application/json;charset=utf-8",
      "application/json; charset=UTF-8",
      "Application/JSON",
      "application/json; charset=latin1",
      "application/vnd.api+json",
      "application/json-patch+json",
      "text/plain",
      "application/x-www-form-urlencoded",
      "text/json",
      "application/jsonx",
      "",
    ];
    for (const type of types) {
      const res = await fetch(base, { method: "POST", headers: { "content-type": type }, body: "{}" });
      const { fast, is } = (await res.json()) as { fast: boolean; is: boolean };
      expect([type, fast]).toEqual([type, is]);
    }
    // No body (a GET has no Content-Length): not a JSON request, whatever the type says; a body-less POST as req.is has it.
    const get = await fetch(base, { headers: { "content-type": "application/json" } });
    expect(await get.json()).toEqual({ fast: false, is: false });
    const post = (await (await fetch(base, { method: "POST", headers: { "content-type": "application/json" } })).json()) as {
      fast: boolean;
      is: boolean;
    };
    expect(post.fast).toBe(post.is);
  });
});
