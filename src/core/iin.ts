import { parseLocalDate } from "./calendar/local-date.js";

/**
 * What is wrong with a supposed IIN, machine-readable so the dialogue can explain
 * it in Kazakh or Russian. Positions are 1-based and count characters after
 * whitespace is removed.
 */
export type IinProblem =
  /** A character other than a digit or whitespace: the first one found. */
  | { type: "not_digits"; position: number; character: string }
  /** Not 12 digits. */
  | { type: "wrong_length"; length: number }
  /**
   * Digits 1-6 (YYMMDD) with digit 7 (century and sex) do not give a real date:
   * `century_digit` when digit 7 is 0 or above 6, `no_such_date` otherwise.
   */
  | { type: "bad_date"; reason: "century_digit" | "no_such_date"; yymmdd: string; centuryDigit: number }
  /** Digit 12 differs from the check digit computed from digits 1-11. */
  | { type: "bad_check_digit"; expected: number; actual: number }
  /** Both passes of the check-digit algorithm give 10: no IIN has these first 11 digits. */
  | { type: "unverifiable" };

/** The outcome of {@link validateIin}. */
export type IinResult =
  | {
      ok: true;
      /** The 12 digits, whitespace removed. */
      iin: string;
      /** Date of birth, `YYYY-MM-DD`. */
      birthDate: string;
      sex: "male" | "female";
    }
  | { ok: false; problem: IinProblem };

const FIRST_PASS_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const;
const SECOND_PASS_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2] as const;
const IIN_LENGTH = 12;

/**
 * Validates a Kazakhstan individual identification number (IIN): 12 digits, YYMMDD
 * of birth, a century-and-sex digit (1/2: 1800s, 3/4: 1900s, 5/6: 2000s; odd male,
 * even female), four serial digits and a check digit (weights 1..11 mod 11; if 10,
 * weights 3..11,1,2 mod 11; if 10 again, invalid). Whitespace is ignored; anything
 * else that is not a digit is a problem. BINs of legal entities are out of scope.
 */
export function validateIin(input: string): IinResult {
  const characters = Array.from(input.replace(/\s+/gu, ""));
  const badIndex = characters.findIndex((c) => c < "0" || c > "9");
  if (badIndex >= 0) {
    return fail({ type: "not_digits", position: badIndex + 1, character: characters[badIndex] ?? "" });
  }
  if (characters.length !== IIN_LENGTH) return fail({ type: "wrong_length", length: characters.length });

  const iin = characters.join("");
  const digits = characters.map(Number);
  const birth = birthOf(iin);
  if (birth.type === "bad_date") return fail(birth);

  const expected = iinCheckDigit(digits.slice(0, 11));
  if (expected === undefined) return fail({ type: "unverifiable" });
  const actual = digits[11] ?? -1;
  if (expected !== actual) return fail({ type: "bad_check_digit", expected, actual });

  return { ok: true, iin, birthDate: birth.birthDate, sex: birth.sex };
}

/** The check digit for the first 11 digits, or undefined when both passes give 10. */
function iinCheckDigit(body: readonly number[]): number | undefined {
  const pass = (weights: readonly number[]): number =>
    body.reduce((sum, digit, i) => sum + digit * (weights[i] ?? 0), 0) % 11;
  const first = pass(FIRST_PASS_WEIGHTS);
  if (first !== 10) return first;
  const second = pass(SECOND_PASS_WEIGHTS);
  return second === 10 ? undefined : second;
}

type Birth =
  | { type: "birth"; birthDate: string; sex: "male" | "female" }
  | Extract<IinProblem, { type: "bad_date" }>;

/** Date of birth and sex from digits 1-7 of a 12-digit string. */
function birthOf(iin: string): Birth {
  const yymmdd = iin.slice(0, 6);
  const centuryDigit = Number(iin[6]);
  if (centuryDigit < 1 || centuryDigit > 6) {
    return { type: "bad_date", reason: "century_digit", yymmdd, centuryDigit };
  }
  const year = 1800 + 100 * Math.floor((centuryDigit - 1) / 2) + Number(yymmdd.slice(0, 2));
  const birthDate = parseLocalDate(`${year}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`);
  if (birthDate === undefined) {
    return { type: "bad_date", reason: "no_such_date", yymmdd, centuryDigit };
  }
  return { type: "birth", birthDate, sex: centuryDigit % 2 === 1 ? "male" : "female" };
}

function fail(problem: IinProblem): IinResult {
  return { ok: false, problem };
}

/** How many last digits of an IIN a citizen's screen shows: enough to recognise one's own, too few to read it off a phone. */
const shownIinDigits = 4;

/** `900101400003` as `********0003`. */
export function maskIin(iin: string): string {
  return `${"*".repeat(Math.max(0, iin.length - shownIinDigits))}${iin.slice(-shownIinDigits)}`;
}
