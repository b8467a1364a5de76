/** An appeal's public number: agency prefix, year, sequence, e.g. `ALA-2026-000042`. */
export function formatAppealNumber(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(6, "0")}`;
}

const numberPattern = /^([A-Z]{2,5})-(\d{4})-(\d{6,})$/;

/** Reads a number typed by a person (any case, spaces around) back into its canonical form. */
export function parseAppealNumber(input: string): string | undefined {
  const match = numberPattern.exec(input.trim().toUpperCase());
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}
