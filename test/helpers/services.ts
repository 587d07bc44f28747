// Helpers for a package's tests that drive one service through its real AWS SDK client.
import { serveHandler, type EdgeRequest, type EdgeResponse } from "../../packages/core/src/index.js";

/** What an SDK client's constructor takes to reach a local service. */
export interface LocalClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/** A service's handler on a free port, with an SDK client for it; close() stops both. */
export async function served<C extends { destroy(): void }>(
  handle: (req: EdgeRequest) => Promise<EdgeResponse>,
  client: (config: LocalClientConfig) => C,
): Promise<{ client: C; url: string; close(): Promise<void> }> {
  const server = await serveHandler(handle);
  const sdk = client({ endpoint: server.url, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
  return {
    client: sdk,
    url: server.url,
    close: async () => {
      sdk.destroy();
      await server.close();
    },
  };
}

/** The error a call fails with (the test fails when it succeeds). */
export async function rejection<E>(promise: Promise<unknown>): Promise<E> {
  try {
    await promise;
  } catch (error) {
    return error as E;
  }
  throw new Error("expected the call to fail");
}
