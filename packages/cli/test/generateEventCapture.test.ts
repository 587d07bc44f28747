// generateEvent's capture, with sources that go wrong: the failure is the one the user reads,
// never an unhandled rejection that ends the process with a stack trace.
import { describe, expect, it } from "vitest";
import { SandboxError } from "@sam-sandbox/core";
import { generateEvent } from "../src/generateEvent.js";
import type { SampleEvent } from "../src/sampleEvents.js";
import { runBin } from "./bin.js";

/** A source wired to nothing: the trigger alone says what happens. */
function sample(trigger: SampleEvent["trigger"]): SampleEvent {
  return { service: "test", event: "direct", description: "", options: [], resources: () => ({ events: {} }), trigger };
}

/** A macrotask later: Node.js has looked for unhandled rejections by then. */
const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("generateEvent", () => {
  it("reports a function that failed while its trigger was still running", async () => {
    const failedEarly = sample(async (sandbox) => {
      // As when an API's function fails before the request it served is answered.
      sandbox.events.emit("invocation", { functionName: "SampleEventFunction", requestId: "r-1", durationMs: 1, cold: false, status: "error", error: "boom" });
      await nextMacrotask();
      await nextMacrotask();
    });
    const error = await generateEvent(failedEarly, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxError);
    expect((error as SandboxError).message).toBe("The sample function failed: boom.");
  });

  it("reports a trigger's own error", async () => {
    const refused = sample(async () => {
      throw new SandboxError("refused");
    });
    await expect(generateEvent(refused, {})).rejects.toThrow("refused");
  });

  it("says what the service refused in the options given, without a stack trace", async () => {
    // SendMessage refuses an empty MessageBody (MissingParameter), as SQS does.
    const empty = await runBin(["generate-event", "sqs", "receive-message", "--body", ""]).result();
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("✖ MissingParameter: The request must contain the parameter MessageBody.");
    expect(empty.stderr).toContain("Check the options given");
    expect(empty.stderr).not.toMatch(/\n\s+at |This is a bug/);
  });
});
