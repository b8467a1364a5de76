import { adminTextKeys } from "../admin/admin-texts.js";
import { simulatorTextKeys } from "../adapters/simulator/figures-line.js";
import { dialogueTextKeys } from "../dialogue/dialogue-texts.js";

/** Texts rendered by code rather than by flows (the dialogue's, the officials' console's and the simulator page's), checked with the flows. */
export const hostTextKeys: readonly string[] = [...dialogueTextKeys, ...adminTextKeys, ...simulatorTextKeys];
