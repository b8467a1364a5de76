import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { AppError } from "../core/errors.js";
import { checkFlows } from "../engine/check-flows.js";
import { flowSchema, type Flow } from "../engine/flow-schema.js";
import type { LocaleResources } from "../core/text.js";
import { readDataFile } from "../reference/read-data-file.js";

/** Reads every `*.yaml` in `folder` as a flow, validated by the flow schema. */
export async function readFlows(folder: string): Promise<Flow[]> {
  const files = (await readdir(folder)).filter((name) => name.endsWith(".yaml")).sort();
  return Promise.all(files.map((name) => readDataFile(join(folder, name), flowSchema)));
}

/**
 * Reads and checks the flows against the texts (theirs, the engine's and `hostTextKeys`,
 * those the host renders itself); any problem stops start-up with
 * every problem listed (flow, node, fix), so a bad flow never reaches a citizen.
 */
export async function loadCheckedFlows(folder: string, resources: LocaleResources, hostTextKeys: readonly string[]): Promise<Flow[]> {
  const flows = await readFlows(folder);
  const problems = checkFlows(flows, resources, hostTextKeys);
  if (problems.length > 0) {
    throw new AppError("FLOWS_INVALID", problems.map((p) => `${p.flowId}${p.nodeId ? `/${p.nodeId}` : ""}: ${p.message}`).join("\n"), { count: problems.length });
  }
  return flows;
}
