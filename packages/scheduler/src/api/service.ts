/** The EventBridge Scheduler API as an edge service (SigV4 signing name "scheduler"), its state kept by the Store. */
import { MemoryStore, type AwsService, type Store } from "@sam-sandbox/core";
import { Scheduler, type SchedulerOptions } from "../engine/scheduler.js";
import { createSchedulerCall, createSchedulerWire, type SchedulerCall } from "../wire.js";
import { SchedulerApi } from "./engine.js";
import { schedulerApiCodec } from "./state.js";

export interface SchedulerServiceOptions extends SchedulerOptions {
  /** Keeps schedule groups and schedules across restarts. Default: in memory. */
  store?: Store;
}

export interface SchedulerService {
  api: SchedulerApi;
  /** Routed on the edge by the SigV4 signing name "scheduler". */
  service: AwsService;
  /** Runs an operation (its input as the API takes it, checked against the model), as the edge would. */
  call: SchedulerCall;
  /** Stops every schedule's timer. */
  close(): Promise<void>;
}

export async function createSchedulerService(options: SchedulerServiceOptions): Promise<SchedulerService> {
  const durable = await (options.store ?? new MemoryStore()).open("scheduler", schedulerApiCodec);
  const scheduler = new Scheduler(options);
  const api = new SchedulerApi({ ...options, durable, scheduler, now: () => options.clock.now() });
  const call = createSchedulerCall(api);
  const handle = createSchedulerWire(call, options.logger);
  return {
    api,
    call,
    service: { name: "scheduler", route: { signingNames: ["scheduler"] }, handle },
    close: async () => scheduler.close(),
  };
}
