// `pnpm bench`: every benchmark in one run, one table. BENCH_SECONDS sets each measurement's
// length (default 10). Servers run in child processes; autocannon runs here.
import { cpus, totalmem } from "node:os";
import { benchApi } from "./api.mjs";
import { benchDynamoDb } from "./dynamodb.mjs";
import { PEER, benchLambda, lambdaFacts } from "./lambda.mjs";
import { printFacts, printTable } from "./lib/report.mjs";
import { CONNECTIONS, benchSeconds } from "./lib/load.mjs";
import { RUNS, benchStartup, startupFacts } from "./startup.mjs";
import { ROUNDS, benchReload, reloadFacts } from "./reload.mjs";

const seconds = benchSeconds();
const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
console.error(`bench: ${seconds} s per measurement, ${CONNECTIONS} connections; ${machine}`);

const rows = [...(await benchDynamoDb({ seconds })), ...(await benchApi({ seconds }))];
const lambda = await benchLambda({ seconds });
const startup = await benchStartup();
const reload = await benchReload();

process.stdout.write(`\nsandbox bench — ${new Date().toISOString().slice(0, 10)} — ${machine}\n`);
process.stdout.write(`${seconds} s per measurement, ${CONNECTIONS} connections, autocannon in this process, each server in its own\n\n`);
printTable(rows);
if (lambda.rows.length > 0) {
  process.stdout.write("\nAPI Gateway → warm Node.js hello-world Lambda (bench/fixtures/hello*)\n\n");
  printTable(lambda.rows, { peer: PEER });
  printFacts("Lambda start (first request once the server is up; RSS before the load)", lambdaFacts(lambda.facts));
}
if (startup) printFacts(`Start-up of examples/web-app (${RUNS} runs)`, startupFacts(startup));
printFacts(`Hot reload and cold start of fixtures/hello (${ROUNDS} saves)`, reloadFacts(reload));
await (await import("./stepfunctions.mjs")).printStepFunctionsBench(); // Step Functions vs aws-local-stepfunctions, its own figures
