import express from "express";

/**
 * The baseline of `npm run bench:http`: an Express 5 hello-world POST on the same Node, in its own process.
 * It parses the same JSON body the real app gets and answers a small JSON object, so the ratio against it
 * says what the real app costs beyond the framework's own request/JSON path. Prints `listening PORT`.
 */
const app = express();
app.disable("x-powered-by");
app.post("/api/chat", express.json({ limit: "64kb" }), (req, res) => {
  res.json({ answer: "hello world", chars: String((req.body as { message?: string }).message ?? "").length });
});
const server = app.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : 0}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
