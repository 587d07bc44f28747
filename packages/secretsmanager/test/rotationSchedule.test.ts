/**
 * Scheduled rotation (RotationRules: AutomaticallyAfterDays, rate(), cron()) on the sandbox clock,
 * NextRotationDate, the schedule across a restart, and CancelRotateSecret.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CancelRotateSecretCommand, CreateSecretCommand, DeleteSecretCommand, DescribeSecretCommand, GetSecretValueCommand, ListSecretVersionIdsCommand,
  PutSecretValueCommand, RotateSecretCommand, SecretsManagerClient, UpdateSecretVersionStageCommand, type SecretsManagerServiceException,
} from "@aws-sdk/client-secrets-manager";
import { FileStore, silentLogger, VirtualClock, type LambdaInvoker, type LambdaInvokeResult } from "@sam-sandbox/core";
import { createSecretsManager, type SecretsManager } from "../src/index.js";
import { rejection, served } from "../../../test/helpers/services.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const clock = new VirtualClock(NOW);
const ROTATOR = "arn:aws:lambda:us-east-1:000000000000:function:rotator";

let sm: SecretsManagerClient;
let service: SecretsManager;
let close: () => Promise<void>;
/** Steps the function ran: "<secret name> <step>". */
const steps: string[] = [];
/** Secrets whose function fails at setSecret. */
const failing = new Set<string>();

const failure = (promise: Promise<unknown>) => rejection<SecretsManagerServiceException>(promise);
const ok = (body = "null"): LambdaInvokeResult => ({ statusCode: 200, payload: Buffer.from(body), executedVersion: "$LATEST" });

/** AWS's rotation template, through the SDK as a deployed function would: a new value per rotation. */
const invoker: LambdaInvoker = {
  async invoke({ functionName, payload }) {
    if (functionName !== ROTATOR) throw new Error(`Function not found: ${functionName}`);
    const { SecretId, ClientRequestToken: token, Step } = JSON.parse(payload.toString()) as { SecretId: string; ClientRequestToken: string; Step: string };
    const meta = await sm.send(new DescribeSecretCommand({ SecretId }));
    steps.push(`${meta.Name} ${Step}`);
    const stages = meta.VersionIdsToStages?.[token] ?? [];
    if (meta.RotationEnabled !== true || !stages.includes("AWSPENDING")) return { ...ok('{"errorMessage":"not pending"}'), functionError: "Unhandled" };
    if (Step === "createSecret") {
      await sm.send(new PutSecretValueCommand({ SecretId, ClientRequestToken: token, SecretString: `rotated-${clock.now()}`, VersionStages: ["AWSPENDING"] }));
    }
    if (Step === "setSecret" && failing.has(meta.Name ?? "")) return { ...ok('{"errorMessage":"database down"}'), functionError: "Unhandled" };
    if (Step === "finishSecret") {
      const current = Object.entries(meta.VersionIdsToStages ?? {}).find(([, s]) => s.includes("AWSCURRENT"))?.[0];
      await sm.send(new UpdateSecretVersionStageCommand({ SecretId, VersionStage: "AWSCURRENT", MoveToVersionId: token, RemoveFromVersionId: current }));
    }
    return ok();
  },
};

async function start(store?: FileStore): Promise<void> {
  service = await createSecretsManager({ clock, invoker, ...(store ? { store } : {}) });
  ({ client: sm, close } = await served(service.service.handle, (config) => new SecretsManagerClient(config)));
}

beforeAll(() => start());
afterAll(() => close());

/** Moves the sandbox clock and waits for the rotations it started. */
async function advance(ms: number): Promise<void> {
  await clock.advance(ms);
  await service.engine.settled();
}

const value = async (SecretId: string) => (await sm.send(new GetSecretValueCommand({ SecretId }))).SecretString;
const describeSecret = (SecretId: string) => sm.send(new DescribeSecretCommand({ SecretId }));

describe("AutomaticallyAfterDays", () => {
  it("rotates by itself through the four steps when NextRotationDate passes, and counts the next from that rotation", async () => {
    await sm.send(new CreateSecretCommand({ Name: "days", SecretString: "v0" }));
    await sm.send(new RotateSecretCommand({ SecretId: "days", RotationLambdaARN: ROTATOR, RotationRules: { AutomaticallyAfterDays: 2 } }));
    const start = clock.now();
    expect(await value("days")).toBe(`rotated-${start}`);
    expect((await describeSecret("days")).NextRotationDate?.getTime()).toBe(start + 2 * DAY);

    steps.length = 0;
    await advance(2 * DAY - MINUTE);
    expect(steps).toEqual([]);
    expect(await value("days")).toBe(`rotated-${start}`);

    await advance(MINUTE);
    expect(steps).toEqual(["days createSecret", "days setSecret", "days testSecret", "days finishSecret"]);
    expect(await value("days")).toBe(`rotated-${start + 2 * DAY}`);
    const described = await describeSecret("days");
    expect(described.LastRotatedDate?.getTime()).toBe(start + 2 * DAY);
    expect(described.NextRotationDate?.getTime()).toBe(start + 4 * DAY);
    expect(described).toMatchObject({ RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 2 } });
  });

  it("counts a new value from PutSecretValue as a rotation (RotationRulesType)", async () => {
    await sm.send(new CreateSecretCommand({ Name: "manual", SecretString: "v0" }));
    await sm.send(new RotateSecretCommand({ SecretId: "manual", RotationLambdaARN: ROTATOR, RotationRules: { AutomaticallyAfterDays: 3 } }));
    const start = clock.now();
    await advance(DAY);
    await sm.send(new PutSecretValueCommand({ SecretId: "manual", SecretString: "by hand" }));
    const described = await describeSecret("manual");
    expect(described.NextRotationDate?.getTime()).toBe(start + 4 * DAY);
    expect(described.LastRotatedDate?.getTime()).toBe(start);
    await advance(2 * DAY);
    expect(await value("manual")).toBe("by hand");
    await advance(DAY);
    expect(await value("manual")).toBe(`rotated-${start + 4 * DAY}`);
  });

  it("waits for the next window after a scheduled rotation that failed", async () => {
    await sm.send(new CreateSecretCommand({ Name: "flaky", SecretString: "v0" }));
    await sm.send(new RotateSecretCommand({ SecretId: "flaky", RotationLambdaARN: ROTATOR, RotationRules: { AutomaticallyAfterDays: 1 } }));
    const start = clock.now();
    failing.add("flaky");
    steps.length = 0;
    await advance(DAY);
    expect(steps.filter((s) => s.startsWith("flaky"))).toEqual(["flaky createSecret", "flaky setSecret"]);
    expect(await value("flaky")).toBe(`rotated-${start}`);
    expect((await describeSecret("flaky")).NextRotationDate?.getTime()).toBe(start + 2 * DAY);
    failing.delete("flaky");
    await advance(DAY);
    expect(await value("flaky")).toBe(`rotated-${start + 2 * DAY}`);
  });
});

describe("ScheduleExpression", () => {
  it("rate(N days): the window starts at midnight UTC; RotateImmediately false only tests the function", async () => {
    await sm.send(new CreateSecretCommand({ Name: "rate-days", SecretString: "v0" }));
    const at = clock.now();
    await sm.send(new RotateSecretCommand({ SecretId: "rate-days", RotationLambdaARN: ROTATOR, RotationRules: { ScheduleExpression: "rate(1 days)" }, RotateImmediately: false }));
    expect(await value("rate-days")).toBe("v0");
    const midnight = Math.floor(at / DAY) * DAY + DAY;
    const described = await describeSecret("rate-days");
    expect(described.NextRotationDate?.getTime()).toBe(midnight);
    expect(described).not.toHaveProperty("LastRotatedDate");
    await advance(midnight - clock.now());
    expect(await value("rate-days")).toBe(`rotated-${midnight}`);
    expect((await describeSecret("rate-days")).NextRotationDate?.getTime()).toBe(midnight + DAY);
  });

  it("rate(N hours): windows every N hours from midnight UTC", async () => {
    await sm.send(new CreateSecretCommand({ Name: "rate-hours", SecretString: "v0" }));
    await sm.send(new RotateSecretCommand({ SecretId: "rate-hours", RotationLambdaARN: ROTATOR, RotationRules: { ScheduleExpression: "rate(4 hours)" }, RotateImmediately: false }));
    const now = clock.now();
    const day = Math.floor(now / DAY) * DAY;
    const next = day + (Math.floor((now - day) / (4 * HOUR)) + 1) * 4 * HOUR;
    expect((await describeSecret("rate-hours")).NextRotationDate?.getTime()).toBe(next);
    await advance(next - clock.now());
    expect(await value("rate-hours")).toBe(`rotated-${next}`);
    expect((await describeSecret("rate-hours")).NextRotationDate?.getTime()).toBe(next + 4 * HOUR);
  });

  it("cron(): the next matching minute, UTC, with a Duration window", async () => {
    await sm.send(new CreateSecretCommand({ Name: "cron", SecretString: "v0" }));
    await sm.send(new RotateSecretCommand({
      SecretId: "cron", RotationLambdaARN: ROTATOR, RotationRules: { ScheduleExpression: "cron(0 8 ? * MON *)", Duration: "2h" }, RotateImmediately: false,
    }));
    const now = clock.now();
    let monday = Math.floor(now / DAY) * DAY + 8 * HOUR;
    while (monday <= now || new Date(monday).getUTCDay() !== 1) monday += DAY;
    const described = await describeSecret("cron");
    expect(described.NextRotationDate?.getTime()).toBe(monday);
    expect(described.RotationRules).toEqual({ ScheduleExpression: "cron(0 8 ? * MON *)", Duration: "2h" });
    await advance(monday - clock.now());
    expect(await value("cron")).toBe(`rotated-${monday}`);
    expect((await describeSecret("cron")).NextRotationDate?.getTime()).toBe(monday + 7 * DAY);
  });
});

describe("CancelRotateSecret", () => {
  it("turns rotation off and stops the schedule, naming the pending version it leaves; RotateSecret turns it on again", async () => {
    await sm.send(new CreateSecretCommand({ Name: "cancelled", SecretString: "v0" }));
    failing.add("cancelled");
    const rotated = await sm.send(new RotateSecretCommand({ SecretId: "cancelled", RotationLambdaARN: ROTATOR, RotationRules: { AutomaticallyAfterDays: 1 } }));
    const pendingBefore = (await sm.send(new ListSecretVersionIdsCommand({ SecretId: "cancelled" }))).Versions?.find((v) => v.VersionId === rotated.VersionId);
    expect(pendingBefore?.VersionStages).toEqual(["AWSPENDING"]);

    const cancelled = await sm.send(new CancelRotateSecretCommand({ SecretId: "cancelled" }));
    expect(cancelled).toMatchObject({ ARN: expect.stringContaining(":secret:cancelled-"), Name: "cancelled", VersionId: rotated.VersionId });
    const described = await describeSecret("cancelled");
    expect(described).toMatchObject({ RotationEnabled: false, RotationLambdaARN: ROTATOR, RotationRules: { AutomaticallyAfterDays: 1 } });
    expect(described).not.toHaveProperty("NextRotationDate");
    // The API reference: the caller removes AWSPENDING from the version CancelRotateSecret names.
    expect(described.VersionIdsToStages?.[rotated.VersionId ?? ""]).toEqual(["AWSPENDING"]);

    failing.delete("cancelled");
    steps.length = 0;
    await advance(3 * DAY);
    expect(steps.filter((s) => s.startsWith("cancelled"))).toEqual([]);
    expect(await value("cancelled")).toBe("v0");

    await sm.send(new RotateSecretCommand({ SecretId: "cancelled" }));
    const again = await describeSecret("cancelled");
    expect(again.RotationEnabled).toBe(true);
    expect(again.NextRotationDate?.getTime()).toBe(clock.now() + DAY);
    expect(await value("cancelled")).toBe(`rotated-${clock.now()}`);
  });

  it("answers without VersionId when no version is pending", async () => {
    await sm.send(new CreateSecretCommand({ Name: "idle", SecretString: "v0" }));
    await sm.send(new RotateSecretCommand({ SecretId: "idle", RotationLambdaARN: ROTATOR, RotationRules: { AutomaticallyAfterDays: 1 }, RotateImmediately: false }));
    const cancelled = await sm.send(new CancelRotateSecretCommand({ SecretId: "idle" }));
    expect(cancelled.Name).toBe("idle");
    expect(cancelled).not.toHaveProperty("VersionId");
  });

  it("refuses an unknown secret, a secret without rotation and a deleted secret", async () => {
    const missing = await failure(sm.send(new CancelRotateSecretCommand({ SecretId: "nope" })));
    expect([missing.name, missing.message, missing.$metadata.httpStatusCode]).toEqual(["ResourceNotFoundException", "Secrets Manager can't find the specified secret.", 400]);

    await sm.send(new CreateSecretCommand({ Name: "plain", SecretString: "v0" }));
    const plain = await failure(sm.send(new CancelRotateSecretCommand({ SecretId: "plain" })));
    expect([plain.name, plain.message]).toEqual([
      "InvalidRequestException",
      "You tried to enable rotation on a secret that doesn't already have a Lambda function ARN configured and you didn't include such an ARN as a parameter in this call.",
    ]);

    await sm.send(new DeleteSecretCommand({ SecretId: "plain" }));
    const deleted = await failure(sm.send(new CancelRotateSecretCommand({ SecretId: "plain" })));
    expect([deleted.name, deleted.message]).toEqual(["InvalidRequestException", "You tried to perform the operation on a secret that's currently marked deleted."]);
  });
});

describe("across a restart", () => {
  it("keeps the schedule with the secret and rotates a window that passed while stopped", async () => {
    const dir = mkdtempSync(join(tmpdir(), "secrets-schedule-"));
    const before = { service, sm, close };
    // The first service's schedules rest while this test runs services of its own.
    before.service.engine.stopSchedules();
    try {
      let store = new FileStore({ dir, logger: silentLogger });
      await start(store);
      await sm.send(new CreateSecretCommand({ Name: "kept", SecretString: "v0" }));
      await sm.send(new RotateSecretCommand({ SecretId: "kept", RotationLambdaARN: ROTATOR, RotationRules: { AutomaticallyAfterDays: 1 } }));
      const rotatedAt = clock.now();
      service.engine.stopSchedules();
      await close();
      await store.close();

      await clock.advance(DAY + HOUR); // stopped through the window
      store = new FileStore({ dir, logger: silentLogger });
      await start(store);
      await advance(0);
      expect(await value("kept")).toBe(`rotated-${rotatedAt + DAY + HOUR}`);
      const described = await describeSecret("kept");
      expect(described.LastRotatedDate?.getTime()).toBe(rotatedAt + DAY + HOUR);
      expect(described.NextRotationDate?.getTime()).toBe(rotatedAt + 2 * DAY + HOUR);
      service.engine.stopSchedules();
      await close();
      await store.close();
    } finally {
      ({ service, sm, close } = before);
      service.engine.startSchedules();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
