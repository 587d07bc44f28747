import type { CaughtError } from "./lib/order.js";

export interface CleanupEvent {
  orderId: string;
  /** Present when a Catch led here. */
  error?: CaughtError;
}

/**
 * Cleanup, the workflow's "finally": it runs after a placed order and after a failed one. Here
 * it writes the audit line of the order's outcome; a real shop would also release whatever the
 * order held (a stock reservation, a payment authorization).
 */
export const handler = async (event: CleanupEvent): Promise<{ orderId: string; outcome: string }> => {
  const outcome = event.error === undefined ? "PLACED" : `FAILED (${event.error.Error})`;
  console.log(`cleanup: order ${event.orderId} finished ${outcome}`);
  return { orderId: event.orderId, outcome };
};
