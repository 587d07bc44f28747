// A daemon port already taken: the socket that could not bind it is closed, not left open
// beside the one that listens on a free port instead.
import { createSocket } from "node:dgram";
import { MemoryStore, VirtualClock, silentLogger } from "@sam-sandbox/core";
import { describe, expect, it, vi } from "vitest";
import { createXRay } from "../src/index.js";
import { NOW } from "./helpers.js";

const udpHandles = () => process.getActiveResourcesInfo().filter((resource) => resource === "UDPWrap").length;

describe("X-Ray daemon on a taken port", () => {
  it("keeps one UDP socket: the fallback's", async () => {
    const holder = createSocket("udp4");
    await new Promise<void>((resolve) => holder.bind(0, "127.0.0.1", () => resolve()));
    const before = udpHandles();
    const xray = await createXRay({ store: new MemoryStore(), clock: new VirtualClock(NOW), logger: silentLogger, region: "us-east-1", accountId: "000000000000", daemonPort: holder.address().port });
    try {
      expect(xray.daemon?.port).not.toBe(holder.address().port);
      // The failed socket's close completes a few turns of the event loop later.
      await vi.waitFor(() => expect(udpHandles()).toBe(before + 1), { timeout: 2_000, interval: 10 });
    } finally {
      await xray.close();
      holder.close();
    }
  });
});
