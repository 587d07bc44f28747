import { KMSClient, type KMSServiceException } from "@aws-sdk/client-kms";
import { serveHandler, VirtualClock, type Store } from "@sam-sandbox/core";
import { createKms, type Kms } from "../src/index.js";

export const ACCOUNT = "000000000000";
export const REGION = "us-east-1";
export const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
export const DAY = 24 * 60 * 60 * 1000;

export interface KmsServer {
  kms: Kms;
  clock: VirtualClock;
  url: string;
  client: KMSClient;
  close(): Promise<void>;
}

/** KMS alone, served on a free port, for the real SDK. */
export async function startKms(options: { store?: Store; clock?: VirtualClock } = {}): Promise<KmsServer> {
  const clock = options.clock ?? new VirtualClock(NOW);
  const kms = await createKms({ clock, accountId: ACCOUNT, region: REGION, ...(options.store ? { store: options.store } : {}) });
  const server = await serveHandler(kms.service.handle);
  const client = new KMSClient({ endpoint: server.url, region: REGION, credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  return {
    kms,
    clock,
    url: server.url,
    client,
    async close() {
      client.destroy();
      await server.close();
    },
  };
}

/** The error as a caller sees it: code, HTTP status, message. */
export async function errorOf(promise: Promise<unknown>): Promise<{ code: string; status: number | undefined; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as KMSServiceException;
    return { code: e.name, status: e.$metadata.httpStatusCode, message: e.message };
  }
  throw new Error("expected the call to fail");
}

export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
export const text = (data: Uint8Array | undefined): string => new TextDecoder().decode(data);
