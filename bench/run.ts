// `npm run bench`: runs every benchmark against MONGODB_URI, or a patched FerretDB started in a
// temporary folder, and prints one JSON object. Figures, not pass/fail: speed is measured here,
// never by timed tests.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedMongo } from "../src/embedded/embedded-mongo.js";
import { benchAppealStore } from "./appeal-store.js";
import { benchIdLookup } from "./ferretdb-id-lookup.js";
import { benchOfficials } from "./officials.js";
import { benchScreens } from "./screens.js";

const configured = process.env["MONGODB_URI"];
const folder = configured ? undefined : await mkdtemp(join(tmpdir(), "estu-bench-"));
const embedded = folder ? await startEmbeddedMongo(folder) : undefined;
const uri = configured ?? embedded?.url ?? "";
try {
  const idLookup = await benchIdLookup(uri);
  const appealStore = await benchAppealStore(uri);
  const screens = await benchScreens(uri);
  const officials = await benchOfficials(uri);
  console.log(JSON.stringify({ at: new Date().toISOString(), node: process.version, idLookup, appealStore, screens, officials }, null, 2));
} finally {
  await embedded?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
}
