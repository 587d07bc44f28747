import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FileStore, silentLogger, VirtualClock, type DurableState, type Store } from "@sam-sandbox/core";
import { createIam } from "../src/index.js";
import { encodePolicy } from "../src/engine/policyDocument.js";
import { page } from "../src/engine/page.js";
import { applyRecord, emptyState, type IamRecord, type IamState } from "../src/engine/state.js";
import { NOW, S3_READ, TRUST } from "./helpers.js";

describe("encodePolicy", () => {
  it("percent-encodes as RFC 3986: only A–Z a–z 0–9 - . _ ~ stay", () => {
    expect(encodePolicy(`{"a": "arn:aws:s3:::b/*", "c": "!'()~_.-"}\n`)).toBe("%7B%22a%22%3A%20%22arn%3Aaws%3As3%3A%3A%3Ab%2F%2A%22%2C%20%22c%22%3A%20%22%21%27%28%29~_.-%22%7D%0A");
  });

  it("encodes non-ASCII as UTF-8 bytes", () => {
    expect(encodePolicy("é")).toBe("%C3%A9");
  });
});

describe("page", () => {
  const items = ["a", "b", "c", "d", "e"];

  it("answers MaxItems at a time with a Marker that resumes after the last item", () => {
    const first = page(items, (s) => s, undefined, 2);
    expect(first).toMatchObject({ items: ["a", "b"], IsTruncated: true });
    const second = page(items, (s) => s, first.Marker, 2);
    expect(second).toMatchObject({ items: ["c", "d"], IsTruncated: true });
    expect(page(items, (s) => s, second.Marker, 2)).toEqual({ items: ["e"], IsTruncated: false });
  });

  it("resumes at the right place when the marked item was deleted meanwhile", () => {
    const first = page(items, (s) => s, undefined, 2);
    expect(page(["a", "c", "d"], (s) => s, first.Marker, 2).items).toEqual(["c", "d"]);
  });

  it("defaults to 100 items", () => {
    const many = Array.from({ length: 150 }, (_, i) => `k${String(i).padStart(3, "0")}`);
    expect(page(many, (s) => s, undefined, undefined).items).toHaveLength(100);
  });
});

/** A store that keeps every committed record, to replay them as recovery does. */
function recordingStore(): { store: Store; records: IamRecord[] } {
  const records: IamRecord[] = [];
  const store: Store = {
    durable: false,
    async open<S, R>(_name: string, codec: { empty(): S }): Promise<DurableState<S, R>> {
      return {
        state: codec.empty(),
        commit: (record: R) => {
          records.push(structuredClone(record) as unknown as IamRecord);
          return Promise.resolve();
        },
        compact: () => Promise.resolve(),
      };
    },
    close: () => Promise.resolve(),
  };
  return { store, records };
}

describe("the journal", () => {
  it("replays to the same state, a rename touching a user and its groups included", async () => {
    const { store, records } = recordingStore();
    const { engine } = await createIam({ clock: new VirtualClock(NOW), store });
    await engine.createRole({ RoleName: "r", AssumeRolePolicyDocument: TRUST, Tags: [{ Key: "a", Value: "1" }] });
    await engine.putRolePolicy({ RoleName: "r", PolicyName: "p", PolicyDocument: S3_READ });
    await engine.attachRolePolicy({ RoleName: "r", PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" });
    await engine.createUser({ UserName: "u" });
    await engine.createGroup({ GroupName: "g" });
    await engine.addUserToGroup({ GroupName: "g", UserName: "u" });
    await engine.updateUser({ UserName: "u", NewUserName: "v" });
    await engine.createAccountAlias({ AccountAlias: "alias" });
    await engine.createPolicy({ PolicyName: "mp", PolicyDocument: S3_READ });
    await engine.tagRole({ RoleName: "r", Tags: [{ Key: "b", Value: "2" }] });

    const replayed: IamState = emptyState();
    for (const record of records) applyRecord(replayed, record);
    expect(replayed).toEqual(engine.state);
    expect(replayed.groups.g?.members).toEqual(["v"]);
    expect(Object.keys(replayed.users)).toEqual(["v"]);
  });

  it("a committed record does not change when the entity changes afterwards", async () => {
    const { store, records } = recordingStore();
    const { engine } = await createIam({ clock: new VirtualClock(NOW), store });
    await engine.createRole({ RoleName: "r", AssumeRolePolicyDocument: TRUST });
    const before = JSON.stringify(records[0]);
    await engine.tagRole({ RoleName: "r", Tags: [{ Key: "later", Value: "x" }] });
    expect(JSON.stringify(records[0])).toBe(before);
  });
});

describe("persistence", () => {
  const dirs: string[] = [];

  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("keeps roles, policies, users and providers across a restart", async () => {
    const dir = await mkdtemp(join(tmpdir(), "iam-store-"));
    dirs.push(dir);
    const open = async () => {
      const store = new FileStore({ dir, clock: new VirtualClock(NOW), logger: silentLogger });
      return { store, iam: await createIam({ clock: new VirtualClock(NOW), store }) };
    };
    const first = await open();
    const e = first.iam.engine;
    const { Role } = await e.createRole({ RoleName: "kept", AssumeRolePolicyDocument: TRUST });
    const { Policy } = await e.createPolicy({ PolicyName: "kept-policy", PolicyDocument: S3_READ });
    await e.attachRolePolicy({ RoleName: "kept", PolicyArn: Policy.Arn });
    await e.createPolicyVersion({ PolicyArn: Policy.Arn, PolicyDocument: S3_READ, SetAsDefault: true });
    await e.createUser({ UserName: "kept-user" });
    const { AccessKey } = await e.createAccessKey({ UserName: "kept-user" });
    await e.createOpenIDConnectProvider({ Url: "https://token.actions.githubusercontent.com", ClientIDList: ["sts.amazonaws.com"] });
    await e.createRole({ RoleName: "gone", AssumeRolePolicyDocument: TRUST });
    await e.deleteRole({ RoleName: "gone" });
    await first.store.close();

    const second = await open();
    const s = second.iam.engine;
    expect(s.getRole({ RoleName: "kept" }).Role.RoleId).toBe(Role.RoleId);
    expect(s.listRoles().Roles.map((r) => r.RoleName)).toEqual(["kept"]);
    expect(s.getPolicy({ PolicyArn: Policy.Arn }).Policy).toMatchObject({ DefaultVersionId: "v2", AttachmentCount: 1 });
    expect(s.listAccessKeys({ UserName: "kept-user" }).AccessKeyMetadata.map((k) => k.AccessKeyId)).toEqual([AccessKey.AccessKeyId]);
    expect(s.listOpenIDConnectProviders().OpenIDConnectProviderList).toHaveLength(1);
    await second.store.close();
  });
});
