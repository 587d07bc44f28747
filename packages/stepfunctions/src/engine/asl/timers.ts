import type { Frame } from "./execution.js";
import { Cancelled } from "./failure.js";

/** Sleeps on the execution's clock; rejects with Cancelled when the frame is cancelled. */
export function sleep(frame: Frame, ms: number): Promise<void> {
  if (frame.cancel.cancelled) return Promise.reject(new Cancelled());
  if (ms <= 0) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const timer = frame.env.clock.setTimeout(() => {
      off();
      resolve();
    }, ms);
    const off = frame.cancel.onCancel(() => {
      timer.cancel();
      reject(new Cancelled());
    });
  });
}
