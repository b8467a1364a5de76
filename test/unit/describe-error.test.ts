import { describe, expect, it } from "vitest";
import { describeError, errorMessage } from "../../src/adapters/describe-error.js";

describe("errors in the log", () => {
  it("withhold the key value MongoDB quotes in a duplicate-key error (it may be a phone number)", () => {
    const error = Object.assign(new Error('E11000 duplicate key error collection: estu.whatsapp_addresses index: _id_ dup key: { _id: "77012345678@s.whatsapp.net" }'), { code: 11000 });
    expect(errorMessage(error)).toBe("E11000 duplicate key error collection: estu.whatsapp_addresses index: _id_ dup key: { [withheld] }");
    expect(JSON.stringify(describeError(error))).not.toContain("77012345678");
  });
});
