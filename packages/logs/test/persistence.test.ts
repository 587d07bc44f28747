import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FileStore, VirtualClock, silentLogger } from "@sam-sandbox/core";
import { logsCodec } from "../src/engine/state.js";
import { createLogs } from "../src/index.js";

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

describe("stored configuration across restarts", () => {
  const dir = mkdtempSync(join(tmpdir(), "logs-persistence-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function open() {
    const store = new FileStore({ dir, clock: new VirtualClock(NOW) });
    const logs = await createLogs({ store, clock: new VirtualClock(NOW), logger: silentLogger, region: "us-east-1", accountId: "000000000000" });
    return { store, engine: logs.engine };
  }

  it("keeps filters and query definitions, and drops a deleted group's filters", async () => {
    const first = await open();
    await first.engine.createLogGroup({ logGroupName: "/kept" });
    await first.engine.createLogGroup({ logGroupName: "/gone" });
    const transformation = [{ metricName: "m", metricNamespace: "n", metricValue: "1" }];
    await first.engine.metricFilters.putMetricFilter({ logGroupName: "/kept", filterName: "f", filterPattern: "ERROR", metricTransformations: transformation });
    await first.engine.metricFilters.putMetricFilter({ logGroupName: "/gone", filterName: "f", filterPattern: "ERROR", metricTransformations: transformation });
    await first.engine.queries.putQueryDefinition({ name: "q", queryString: "fields @message" });
    await first.engine.deleteLogGroup({ logGroupName: "/gone" });
    await first.store.close();

    const second = await open();
    expect(second.engine.metricFilters.describeMetricFilters({}).metricFilters).toEqual([
      { filterName: "f", filterPattern: "ERROR", metricTransformations: transformation, creationTime: NOW, logGroupName: "/kept", applyOnTransformedLogs: false },
    ]);
    expect((second.engine.queries.describeQueryDefinitions({}).queryDefinitions as Array<{ name: string }>).map((d) => d.name)).toEqual(["q"]);
    await second.store.close();
  });

  it("reads a snapshot written before configuration existed", () => {
    const state = logsCodec.fromSnapshot({ groups: [] });
    expect(state.config.size).toBe(0);
    expect(logsCodec.fromSnapshot(logsCodec.toSnapshot(state)).config.size).toBe(0);
  });
});
