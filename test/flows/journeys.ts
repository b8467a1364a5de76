// The journeys of journeys.yaml and how one of their inputs becomes what the engine
// receives: shared by the golden conversations and the turn count.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import type { Applicant } from "../../src/core/appeal/appeal.js";
import type { Inbound, SenderFacts } from "../../src/core/inbound.js";

export type Input = string | Record<string, unknown>;
export type Journey = { name: string; sender?: SenderFacts; awaiting?: string; saved?: Applicant; steps: Input[] };

export const journeysFolder = new URL(".", import.meta.url).pathname;

export async function loadJourneys(): Promise<Journey[]> {
  return (parse(await readFile(join(journeysFolder, "journeys.yaml"), "utf8")) as { journeys: Journey[] }).journeys;
}

export function toInbound(input: Input): Inbound {
  if (input === "start") return { type: "start" };
  if (input === "sticker") return { type: "unsupported", what: "sticker" };
  if (typeof input === "string") throw new Error(`unknown input ${input}`);
  const [kind, value] = Object.entries(input)[0] ?? [];
  switch (kind) {
    case "text":
      return { type: "text", text: String(value) };
    case "press":
      return { type: "choice", payload: String(value) };
    case "contact":
      return { type: "contact", phone: String(value), own: true };
    case "location": {
      const [latitude, longitude] = value as [number, number];
      return { type: "location", latitude, longitude };
    }
    case "photo":
    case "voice":
      return { type: "media", attachment: { kind, channel: "telegram", fileId: String(value) } };
    default:
      throw new Error(`unknown input ${JSON.stringify(input)}`);
  }
}
