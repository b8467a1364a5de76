import { describe, expect, it } from "vitest";
import { validateIin } from "../../src/core/iin.js";

/** An independent implementation of the check digit, so the table below does not trust the code under test. */
function checkDigit(body: string): number | undefined {
  const pass = (weights: number[]): number =>
    [...body].reduce((sum, c, i) => sum + Number(c) * (weights[i] ?? 0), 0) % 11;
  const first = pass([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  if (first !== 10) return first;
  const second = pass([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]);
  return second === 10 ? undefined : second;
}

// First 11 digits: YYMMDD, century/sex digit, four serial digits.
const validBodies: { body: string; birthDate: string; sex: "male" | "female" }[] = [
  { body: "87070110007", birthDate: "1887-07-01", sex: "male" },
  { body: "92111520010", birthDate: "1892-11-15", sex: "female" },
  { body: "99123130045", birthDate: "1999-12-31", sex: "male" },
  { body: "64082740777", birthDate: "1964-08-27", sex: "female" },
  { body: "00022950001", birthDate: "2000-02-29", sex: "male" },
  { body: "05061760123", birthDate: "2005-06-17", sex: "female" },
  { body: "24030150999", birthDate: "2024-03-01", sex: "male" },
];

describe("validateIin", () => {
  describe.each(validBodies)("valid IIN built from $body", ({ body, birthDate, sex }) => {
    it("is accepted with its birth date and sex", () => {
      const digit = checkDigit(body);
      expect(digit, "table entry must not be unverifiable").toBeDefined();
      const iin = `${body}${digit}`;
      expect(validateIin(iin)).toEqual({ ok: true, iin, birthDate, sex });
    });

    it("is rejected with any other last digit", () => {
      const digit = checkDigit(body) ?? 0;
      const wrong = (digit + 1) % 10;
      expect(validateIin(`${body}${wrong}`)).toEqual({
        ok: false,
        problem: { type: "bad_check_digit", expected: digit, actual: wrong },
      });
    });
  });

  it("accepts 850101400001 (verified by hand: first pass 56 mod 11 = 1)", () => {
    // 8·1 + 5·2 + 0·3 + 1·4 + 0·5 + 1·6 + 4·7 + 0 + 0 + 0 + 0 = 56; 56 mod 11 = 1.
    expect(validateIin("850101400001")).toEqual({
      ok: true,
      iin: "850101400001",
      birthDate: "1985-01-01",
      sex: "female",
    });
  });

  it("accepts 900501301028 (verified by hand: needs the second pass)", () => {
    // First pass: 9·1 + 5·4 + 1·6 + 3·7 + 1·9 + 2·11 = 87; 87 mod 11 = 10.
    // Second pass: 9·3 + 5·6 + 1·8 + 3·9 + 1·11 + 2·2 = 107; 107 mod 11 = 8.
    expect(validateIin("900501301028")).toEqual({
      ok: true,
      iin: "900501301028",
      birthDate: "1990-05-01",
      sex: "male",
    });
  });

  it("reports a wrong check digit with the expected and the actual digit", () => {
    expect(validateIin("850101400002")).toEqual({
      ok: false,
      problem: { type: "bad_check_digit", expected: 1, actual: 2 },
    });
    expect(validateIin("900501301027")).toEqual({
      ok: false,
      problem: { type: "bad_check_digit", expected: 8, actual: 7 },
    });
  });

  it("reports a body whose both passes give 10 as unverifiable, whatever the last digit", () => {
    // Found by brute force; by hand: first pass 9 + 20 + 6 + 21 + 2·10 + 2·11 = 98 ≡ 10,
    // second pass 27 + 30 + 8 + 27 + 2·1 + 2·2 = 98 ≡ 10.
    for (const last of "0123456789") {
      expect(validateIin(`90050130022${last}`)).toEqual({ ok: false, problem: { type: "unverifiable" } });
    }
  });

  it.each([
    ["11 digits", "85010140000", 11],
    ["13 digits", "8501014000011", 13],
    ["nothing", "", 0],
    ["only spaces", "   ", 0],
  ])("reports the length of %s", (_label, input, length) => {
    expect(validateIin(input)).toEqual({ ok: false, problem: { type: "wrong_length", length } });
  });

  it.each([
    ["a letter at the end", "85010140000A", 12, "A"],
    ["the letter O for a zero", "8501O1400001", 5, "O"],
    ["a hyphen", "850101-400001", 7, "-"],
    ["a letter after spaces (position ignores spaces)", "8501 01 4X0001", 8, "X"],
    ["an emoji", "85010140000😀", 12, "😀"],
  ])("reports %s as not digits with its position", (_label, input, position, character) => {
    expect(validateIin(input)).toEqual({ ok: false, problem: { type: "not_digits", position, character } });
  });

  it("accepts whitespace anywhere and returns the digits only", () => {
    for (const input of [" 850101400001 ", "8501 0140 0001", "850101\t400001\n", "85 01 01 40 00 01"]) {
      expect(validateIin(input)).toMatchObject({ ok: true, iin: "850101400001" });
    }
  });

  it.each([
    ["month 13", "851301400001", "851301", 4],
    ["day 32", "850132400001", "850132", 4],
    ["30 February", "850230400001", "850230", 4],
    ["29 February 1900 (not a leap year)", "000229300001", "000229", 3],
    ["29 February 2001", "010229500001", "010229", 5],
  ])("reports %s as no such date", (_label, input, yymmdd, centuryDigit) => {
    expect(validateIin(input)).toEqual({
      ok: false,
      problem: { type: "bad_date", reason: "no_such_date", yymmdd, centuryDigit },
    });
  });

  it.each([0, 7, 9])("reports century digit %i as a bad date", (centuryDigit) => {
    expect(validateIin(`850101${centuryDigit}00001`)).toEqual({
      ok: false,
      problem: { type: "bad_date", reason: "century_digit", yymmdd: "850101", centuryDigit },
    });
  });
});
