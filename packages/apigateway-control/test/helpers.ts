import { serveHandler } from "@sam-sandbox/core";
import { createApiGatewayControlPlane, type ApiGatewayControlPlane, type ApiGatewayControlPlaneOptions } from "../src/index.js";

/** The error a call that must fail answered (its name, message and HTTP status); throws when the call succeeded. */
export async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error("expected the call to fail");
}

/** What the SDK clients of API Gateway (v1 and v2) take to reach the served control plane. */
interface ClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  maxAttempts: number;
}

export interface ServedPlane<C> {
  plane: ApiGatewayControlPlane;
  client: C;
  /** Destroys the client and stops the server. */
  close(): Promise<void>;
}

/** A control plane served on a free port, and a client of it (APIGatewayClient or ApiGatewayV2Client) making one attempt per call. */
export async function servePlane<C extends { destroy(): void }>(options: ApiGatewayControlPlaneOptions, Client: new (config: ClientConfig) => C): Promise<ServedPlane<C>> {
  const plane = await createApiGatewayControlPlane(options);
  const server = await serveHandler(plane.handle);
  const client = new Client({ endpoint: server.url, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" }, maxAttempts: 1 });
  return {
    plane,
    client,
    close: async () => {
      client.destroy();
      await server.close();
    },
  };
}
