import { DescribeExecutionCommand, SFNClient, type DescribeExecutionCommandOutput } from "@aws-sdk/client-sfn";
import { MemoryStore, RealClock, serveHandler, silentLogger, type AwsDispatcher, type LambdaInvoker } from "@sam-sandbox/core";
import { createStepFunctions } from "@sam-sandbox/stepfunctions";

export interface ApiHarness {
  client: SFNClient;
  url: string;
  close(): Promise<void>;
}

/** Step Functions in memory on a free port, with an SDK client (no host prefix: the endpoint is an IP). */
export async function startApi(options: { invoker?: LambdaInvoker; dispatcher?: AwsDispatcher } = {}): Promise<ApiHarness> {
  const sfn = await createStepFunctions({ store: new MemoryStore(), clock: new RealClock(), logger: silentLogger, region: "us-east-1", accountId: "000000000000", ...options });
  const server = await serveHandler(sfn.service.handle);
  const client = new SFNClient({ endpoint: server.url, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" }, disableHostPrefix: true });
  return {
    client,
    url: server.url,
    close: async () => {
      client.destroy();
      await sfn.close();
      await server.close();
    },
  };
}

/** DescribeExecution once the execution has ended (bounded by the test's timeout, not a guess at the machine's load). */
export async function finished(client: SFNClient, executionArn: string | undefined): Promise<DescribeExecutionCommandOutput> {
  for (;;) {
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== "RUNNING") return described;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
