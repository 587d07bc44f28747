import { describe, expect, it } from "vitest";
import { EventBus } from "@sam-sandbox/core";
import { attachTerminal } from "@sam-sandbox/sandbox";

describe("terminal request lines", () => {
  it("shortens a very long path and says how long it was", () => {
    const events = new EventBus();
    const lines: string[] = [];
    const detach = attachTerminal(events, { write: (line) => lines.push(line) });
    events.emit("request", { source: "api", method: "GET", path: `/${"a".repeat(9_000)}`, status: 403, durationMs: 0.1 });
    events.emit("request", { source: "api", method: "GET", path: "/todos", status: 200, durationMs: 1.2 });
    detach();
    const plain = lines.map((line) => line.replace(/\x1b\[[0-9;]*m/g, ""));
    expect(plain[0]).toMatch(/ api GET \/a{119}… \(9001 characters\) 403 0\.1 ms$/);
    expect(plain[1]).toMatch(/ api GET \/todos 200 1\.2 ms$/);
  });
});
