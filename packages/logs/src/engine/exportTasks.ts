import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import { InvalidOperationException, InvalidParameterException, ResourceNotFoundException } from "../errors.js";
import { DEFAULT_EXPORT_PREFIX } from "../limits.js";
import type { LogsEngine } from "./engine.js";
import { page } from "./policies.js";
import { configOf } from "./state.js";

type Input = Record<string, unknown>;

/** Where CreateExportTask writes: S3, wired by packages/sandbox (logs depends on core only). */
export interface ExportTarget {
  bucketExists(bucket: string): Promise<boolean>;
  putObject(bucket: string, key: string, body: Buffer): Promise<void>;
}

/**
 * Export tasks: the group's events in [from, to] are written at once as AWS lays them out —
 * `<prefix>/<taskId>/<stream>/000000.gz`, one "<ISO time> <message>" line per event — after
 * the `aws-logs-write-test` object AWS writes to check its access to the bucket.
 */
export class ExportTasks {
  constructor(
    private readonly engine: LogsEngine,
    private readonly target: ExportTarget | undefined,
  ) {}

  private get tasks(): Map<string, Input> {
    return configOf<Input>(this.engine.state, "exportTask");
  }

  async createExportTask(input: Input): Promise<Input> {
    if (!this.target) throw new InvalidParameterException("The sandbox cannot export to S3 here: S3 is not running in this sandbox.");
    const bucket = input.destination as string;
    if (!(await this.target.bucketExists(bucket))) {
      throw new InvalidParameterException("The given bucket does not exist. Please make sure the bucket is valid.");
    }
    const group = this.engine.group({ logGroupName: input.logGroupName });
    const from = input.from as number;
    const to = input.to as number;
    const prefix = (input.destinationPrefix as string | undefined) ?? DEFAULT_EXPORT_PREFIX;
    const streamPrefix = input.logStreamNamePrefix as string | undefined;
    const taskId = randomUUID();
    const created = this.engine.now();
    await this.target.putObject(bucket, "aws-logs-write-test", Buffer.from("Permission Check Successful"));
    for (const stream of group.streams.values()) {
      if (streamPrefix !== undefined && !stream.name.startsWith(streamPrefix)) continue;
      const lines = stream.events.filter((e) => e.timestamp >= from && e.timestamp <= to).map((e) => `${new Date(e.timestamp).toISOString()} ${e.message}\n`);
      if (lines.length === 0) continue;
      await this.target.putObject(bucket, `${prefix}/${taskId}/${stream.name}/000000.gz`, gzipSync(Buffer.from(lines.join(""))));
    }
    const task = {
      taskId,
      ...(input.taskName !== undefined ? { taskName: input.taskName } : {}),
      logGroupName: group.name,
      from,
      to,
      destination: bucket,
      destinationPrefix: prefix,
      status: { code: "COMPLETED", message: "Completed successfully" },
      executionInfo: { creationTime: created, completionTime: this.engine.now() },
    };
    await this.engine.change({ t: "config", kind: "exportTask", key: taskId, value: task });
    return { taskId };
  }

  describeExportTasks(input: Input): Input {
    const all = [...this.tasks.values()]
      .filter((t) => input.taskId === undefined || t.taskId === input.taskId)
      .filter((t) => input.statusCode === undefined || (t.status as { code: string }).code === input.statusCode);
    return page(all, input, "exportTasks");
  }

  /** Tasks finish as they are created, so there is never one left to cancel. */
  cancelExportTask(input: Input): Input {
    if (!this.tasks.has(input.taskId as string)) throw new ResourceNotFoundException("The specified export task does not exist.");
    throw new InvalidOperationException("The specified export task has already finished");
  }
}
