import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { MemoryStore, serveHandler, silentLogger, VirtualClock, type LambdaInvoker, type Logger, type Store } from "@sam-sandbox/core";
import { createCognito, type Cognito } from "../src/index.js";
import { newSigningKey } from "../src/engine/ids.js";
import type { SigningKey } from "../src/engine/state.js";

/**
 * A few RSA keys made once per test process and handed out in turn: each pool still gets two distinct
 * keys, but tests that create dozens of pools skip making two fresh 2048-bit keys apiece.
 */
const KEY_RING_SIZE = 6;
const keyRing: Array<Promise<SigningKey>> = [];
let nextKey = 0;
export function ringSigningKey(): Promise<SigningKey> {
  const slot = nextKey++ % KEY_RING_SIZE;
  keyRing[slot] ??= newSigningKey();
  return keyRing[slot];
}

export interface Harness {
  cognito: Cognito;
  client: CognitoIdentityProviderClient;
  url: string;
  clock: VirtualClock;
  /** Lines the service printed (confirmation codes, temporary passwords). */
  lines: string[];
  /** The last code printed for `username`. */
  codeFor(username: string): string;
  close(): Promise<void>;
}

/** One Cognito service on a free port, with the edge URL as its issuer base. */
export async function startCognito(options: { store?: Store; clock?: VirtualClock; invoker?: LambdaInvoker } = {}): Promise<Harness> {
  const lines: string[] = [];
  const logger: Logger = { ...silentLogger, info: (m) => lines.push(m), error: (m) => console.error(m) };
  const clock = options.clock ?? new VirtualClock(Math.floor(Date.now() / 1000) * 1000);
  const store = options.store ?? new MemoryStore();
  let cognito: Cognito | undefined;
  const server = await serveHandler((req) => {
    if (!cognito) throw new Error("not started");
    return cognito.service.handle(req);
  });
  cognito = await createCognito({ store, clock, logger, region: "us-east-1", accountId: "000000000000", edgeUrl: server.url, signingKeys: ringSigningKey, ...(options.invoker ? { invoker: options.invoker } : {}) });
  const client = new CognitoIdentityProviderClient({ endpoint: server.url, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
  const started = cognito;
  return {
    cognito: started,
    client,
    url: server.url,
    clock,
    lines,
    codeFor(username) {
      const line = [...lines].reverse().find((l) => l.includes(` for ${username}: `) || l.includes(` for ${username} (`) || l.includes(` (${username}): `));
      if (!line) throw new Error(`no code printed for ${username}`);
      return line.slice(line.lastIndexOf(" ") + 1);
    },
    async close() {
      client.destroy();
      await server.close();
      await started.close();
      await store.close();
    },
  };
}

/** What `promise` rejects with; a promise that resolves fails the test. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

export async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  const e = (await rejectionOf(promise)) as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
  return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
}
