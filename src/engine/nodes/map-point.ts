import type { Inbound } from "../../core/inbound.js";
import type { Choice } from "../effects.js";

/**
 * The location request as every channel shows it, first (a keyboard button, or line 1 on
 * WhatsApp): a typed "1" at a question that asks for a map point means it.
 */
export const locationRequestChoice: Choice = { id: "request", label: { key: "common:request.location" } };

/** A shared location as the engine saves it; undefined for anything else or coordinates off the globe. */
export function mapPointOf(inbound: Inbound): { latitude: number; longitude: number } | undefined {
  if (inbound.type !== "location") return undefined;
  const { latitude, longitude } = inbound;
  // Written so that NaN, which fails every comparison, is refused too.
  return Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180 ? { latitude, longitude } : undefined;
}
