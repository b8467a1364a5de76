import { adminTextKeys } from "../admin/admin-texts.js";
import { dialogueTextKeys } from "../dialogue/dialogue-texts.js";

/** Texts rendered by code rather than by flows (the dialogue's and the officials' console's), checked with the flows. */
export const hostTextKeys: readonly string[] = [...dialogueTextKeys, ...adminTextKeys];
