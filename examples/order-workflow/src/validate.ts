import { CATALOG, PAYMENT_METHODS, PAYMENT_WAIT_SECONDS, type PaymentMethod } from "./lib/catalog.js";
import { ValidationError } from "./lib/errors.js";
import type { Order, OrderItem, ReceivedOrder } from "./lib/order.js";

export const MAX_ITEMS = 20;
export const MAX_QUANTITY = 99;
export const MAX_SIMULATED_FAILURES = 5;

/**
 * Validate: checks the request and returns the order the rest of the workflow works on. A bad
 * order throws ValidationError, which the state machine catches.
 */
export const handler = async (event: ReceivedOrder): Promise<Order> => {
  const request = event.request;
  if (typeof request !== "object" || request === null || Array.isArray(request)) {
    throw new ValidationError("The order must be a JSON object");
  }
  const body = request as Record<string, unknown>;
  const method = parsePaymentMethod(body.payment);
  const order: Order = {
    orderId: event.orderId,
    receivedAt: event.receivedAt,
    customer: { email: parseEmail(body.customer) },
    items: parseItems(body.items),
    payment: { method, waitSeconds: PAYMENT_WAIT_SECONDS[method] },
    simulateTransientFailures: parseSimulatedFailures(body.simulateTransientFailures),
  };
  console.log(`order ${order.orderId} is valid: ${order.items.length} item(s), paid by ${method}`);
  return order;
};

function parseEmail(customer: unknown): string {
  const email = typeof customer === "object" && customer !== null ? (customer as Record<string, unknown>).email : undefined;
  if (typeof email !== "string" || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    throw new ValidationError("customer.email must be an email address");
  }
  return email;
}

function parseItems(items: unknown): OrderItem[] {
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_ITEMS) {
    throw new ValidationError(`items must be a list of 1 to ${MAX_ITEMS} items`);
  }
  return items.map((item: unknown, i) => {
    const { sku, quantity } = (typeof item === "object" && item !== null ? item : {}) as Record<string, unknown>;
    if (typeof sku !== "string" || CATALOG[sku] === undefined) {
      throw new ValidationError(`items[${i}].sku must be one of: ${Object.keys(CATALOG).join(", ")}`);
    }
    if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
      throw new ValidationError(`items[${i}].quantity must be an integer from 1 to ${MAX_QUANTITY}`);
    }
    return { sku, quantity };
  });
}

function parsePaymentMethod(payment: unknown): PaymentMethod {
  const method = typeof payment === "object" && payment !== null ? (payment as Record<string, unknown>).method : undefined;
  if (typeof method !== "string" || !(PAYMENT_METHODS as readonly string[]).includes(method)) {
    throw new ValidationError(`payment.method must be one of: ${PAYMENT_METHODS.join(", ")}`);
  }
  return method as PaymentMethod;
}

function parseSimulatedFailures(value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > MAX_SIMULATED_FAILURES) {
    throw new ValidationError(`simulateTransientFailures must be an integer from 0 to ${MAX_SIMULATED_FAILURES}`);
  }
  return value;
}
