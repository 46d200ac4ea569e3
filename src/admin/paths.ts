/**
 * The admin page's files. `../admin/public/` from this module is src/admin/public, and from the bundle
 * (dist/server/main.js, where import.meta.url lands) dist/admin/public, where scripts/build.mjs copies them.
 */
export const ADMIN_PUBLIC_DIR = new URL("../admin/public/", import.meta.url).pathname;
