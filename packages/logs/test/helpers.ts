import { CloudWatchLogsClient, type CloudWatchLogsClientConfig } from "@aws-sdk/client-cloudwatch-logs";
import { MemoryStore, serveHandler, silentLogger } from "@sam-sandbox/core";
import { createLogs, type CloudWatchLogs } from "../src/index.js";

export interface LogsHarness {
  logs: CloudWatchLogs;
  client: CloudWatchLogsClient;
  url: string;
  close(): Promise<void>;
}

type LogsOptions = Parameters<typeof createLogs>[0];

/** CloudWatch Logs in memory on a free port, driven through the real AWS SDK v3 client (`client` adds to its config). */
export async function startLogs(
  options: Omit<LogsOptions, "store" | "logger" | "region" | "accountId"> & { client?: Partial<CloudWatchLogsClientConfig> },
): Promise<LogsHarness> {
  const { client: clientConfig, ...logsOptions } = options;
  const logs = await createLogs({ store: new MemoryStore(), logger: silentLogger, region: "us-east-1", accountId: "000000000000", ...logsOptions });
  const server = await serveHandler(logs.service.handle);
  const client = new CloudWatchLogsClient({ endpoint: server.url, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" }, ...clientConfig });
  return {
    logs,
    client,
    url: server.url,
    async close() {
      logs.close();
      client.destroy();
      await server.close();
    },
  };
}
