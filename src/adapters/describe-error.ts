import { AppError } from "../core/errors.js";

/** An error's message, for a log field or a DeliveryError. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An error for a structured log: its name, code and message, never the message text it was about. */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof AppError) return { name: error.name, code: error.code, message: error.message, details: error.details };
  return error instanceof Error ? { name: error.name, message: error.message } : { message: String(error) };
}
