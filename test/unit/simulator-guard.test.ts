import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { localHosts, refusedRequest } from "../../src/adapters/simulator/request-guard.js";

const request = (method: string, headers: Record<string, string>) => ({ method, headers }) as unknown as IncomingMessage;
const jsonPost = { post: true, json: true };
const read = { post: false, json: false };
const hosts = [...localHosts, "estu.internal"];

describe("the simulator's request guard", () => {
  it("lets its own page read and post, on localhost or a configured host", () => {
    expect(refusedRequest(request("GET", { host: "localhost:3000" }), hosts, read)).toBeUndefined();
    expect(refusedRequest(request("GET", { host: "[::1]:3000" }), hosts, read)).toBeUndefined();
    expect(refusedRequest(request("POST", { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000", "content-type": "application/json" }), hosts, jsonPost)).toBeUndefined();
    expect(refusedRequest(request("POST", { host: "estu.internal:3000", origin: "http://estu.internal:3000", "content-type": "application/json; charset=utf-8" }), hosts, jsonPost)).toBeUndefined();
  });

  it("refuses a page under another name (DNS rebinding), even reading", () => {
    expect(refusedRequest(request("GET", { host: "attacker.example:3000" }), hosts, read)).toBe("host not allowed");
    expect(refusedRequest(request("GET", {}), hosts, read)).toBe("host not allowed");
  });

  it("refuses another site's post, a text/plain post and a post without an Origin", () => {
    expect(refusedRequest(request("POST", { host: "localhost:3000", origin: "https://evil.example", "content-type": "application/json" }), hosts, jsonPost)).toBe("origin not allowed");
    expect(refusedRequest(request("POST", { host: "localhost:3000", origin: "http://localhost:3000", "content-type": "text/plain" }), hosts, jsonPost)).toBe("content type must be application/json");
    expect(refusedRequest(request("POST", { host: "localhost:3000", "content-type": "application/json" }), hosts, jsonPost)).toBe("origin missing");
    expect(refusedRequest(request("GET", { host: "localhost:3000", origin: "http://localhost:3000" }), hosts, jsonPost)).toBe("method not allowed");
  });
});
