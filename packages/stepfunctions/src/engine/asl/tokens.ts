/**
 * Task tokens of .waitForTaskToken tasks: SendTaskSuccess / SendTaskFailure /
 * SendTaskHeartbeat find the waiting task through them.
 */
import { randomBytes } from "node:crypto";
import type { Json } from "./json.js";
import { TaskError } from "./ports.js";

interface Waiter {
  resolve(output: Json): void;
  reject(error: TaskError): void;
  heartbeat(): void;
}

export type TokenState = "waiting" | "closed" | "unknown";

export class TaskTokens {
  private readonly waiting = new Map<string, Waiter>();
  private readonly closed = new Set<string>();

  /** A new token, shaped like AWS's (long, base64). */
  create(): string {
    return `AQ${randomBytes(120).toString("base64")}`;
  }

  /** Waits for SendTaskSuccess / SendTaskFailure on `token`; `onHeartbeat` runs on SendTaskHeartbeat. */
  wait(token: string, onHeartbeat: () => void): { promise: Promise<Json>; release(): void } {
    let release = () => {};
    const promise = new Promise<Json>((resolve, reject) => {
      this.waiting.set(token, {
        resolve: (output) => {
          this.close(token);
          resolve(output);
        },
        reject: (error) => {
          this.close(token);
          reject(error);
        },
        heartbeat: onHeartbeat,
      });
      release = () => this.close(token);
    });
    return { promise, release };
  }

  private close(token: string): void {
    if (this.waiting.delete(token)) this.closed.add(token);
  }

  state(token: string): TokenState {
    if (this.waiting.has(token)) return "waiting";
    return this.closed.has(token) ? "closed" : "unknown";
  }

  succeed(token: string, output: Json): boolean {
    const waiter = this.waiting.get(token);
    waiter?.resolve(output);
    return waiter !== undefined;
  }

  fail(token: string, error: string | undefined, cause: string | undefined): boolean {
    const waiter = this.waiting.get(token);
    waiter?.reject(new TaskError(error ?? "", cause));
    return waiter !== undefined;
  }

  heartbeat(token: string): boolean {
    const waiter = this.waiting.get(token);
    waiter?.heartbeat();
    return waiter !== undefined;
  }
}
