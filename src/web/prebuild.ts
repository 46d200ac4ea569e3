// Run by `npm run build` (scripts/build.mjs) once the server is compiled: the browser scripts are bundled and
// compressed then, beside the compiled server, instead of at every start (src/web/bundle.ts).
import { writeBundles } from "./bundle.ts";

export const written = await writeBundles();
