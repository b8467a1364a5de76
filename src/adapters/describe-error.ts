import { AppError } from "../core/errors.js";

/**
 * MongoDB's duplicate-key error quotes the key's value (`dup key: { _id: "77012345678@s.whatsapp.net" }`),
 * which may be a citizen's address: the value is withheld, the index stays for the operator.
 */
function withoutKeyValue(message: string): string {
  return message.replace(/dup key: \{[\s\S]*\}/, "dup key: { [withheld] }");
}

/** An error's message, for a log field or a DeliveryError. */
export function errorMessage(error: unknown): string {
  return withoutKeyValue(error instanceof Error ? error.message : String(error));
}

/** An error for a structured log: its name, code and message, never the message text it was about. */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof AppError) return { name: error.name, code: error.code, message: withoutKeyValue(error.message), details: error.details };
  return error instanceof Error ? { name: error.name, message: withoutKeyValue(error.message) } : { message: withoutKeyValue(String(error)) };
}
