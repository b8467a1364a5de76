// `npm run flows:check [-- --flows <dir> --locales <dir>]`: checks the flows and their
// texts without starting Estu; exits 1 listing each problem with its flow, node and fix.
import { parseArgs } from "node:util";
import { join } from "node:path";
import { hostTextKeys } from "../runtime/host-text-keys.js";
import { checkFlows } from "../engine/check-flows.js";
import { projectRoot } from "../embedded/project-root.js";
import { readFlows } from "../flows/load-flows.js";
import { loadLocales } from "../i18n/load-locales.js";

const { values } = parseArgs({ options: { flows: { type: "string" }, locales: { type: "string" } } });
const flowsDir = values.flows ?? join(projectRoot, "flows");
const localesDir = values.locales ?? join(projectRoot, "locales");

try {
  const [flows, resources] = await Promise.all([readFlows(flowsDir), loadLocales(localesDir)]);
  const problems = checkFlows(flows, resources, hostTextKeys);
  for (const p of problems) console.error(`${p.flowId}${p.nodeId ? `/${p.nodeId}` : ""} [${p.code}]: ${p.message}`);
  if (problems.length > 0) process.exit(1);
  console.log(`${flows.length} flows, ${flows.reduce((sum, flow) => sum + Object.keys(flow.nodes).length, 0)} nodes: no problems.`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
