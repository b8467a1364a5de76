/**
 * The one error class of Estu. Expected outcomes (bad input, a rule that says no)
 * are results, not exceptions; an AppError means something an operator must see:
 * it carries a stable `code` and the facts needed to act on it.
 */
export class AppError extends Error {
  override readonly name = "AppError";

  constructor(
    /** Stable, greppable identifier, e.g. `CALENDAR_YEAR_MISSING`. */
    readonly code: string,
    message: string,
    /** Ids and values an operator needs; never personal data. */
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
