import type { PaymentMethod } from "./catalog.js";

/** What the Receive state hands to Validate: the request as it came, with the order's id. */
export interface ReceivedOrder {
  orderId: string;
  receivedAt: string;
  request: unknown;
}

export interface OrderItem {
  sku: string;
  quantity: number;
}

/** A validated order: the state's data from Validate on. */
export interface Order {
  orderId: string;
  receivedAt: string;
  customer: { email: string };
  items: OrderItem[];
  payment: { method: PaymentMethod; waitSeconds: number };
  /** For trying the Retry out: PriceOrder fails this many times with a TransientError first. */
  simulateTransientFailures: number;
}

export interface OrderLine extends OrderItem {
  name: string;
  unitPrice: number;
  amount: number;
}

/** What PriceOrder returns and SaveOrder stores. */
export interface PricedOrder extends Order {
  lines: OrderLine[];
  subtotal: number;
  tax: number;
  shipping: number;
  total: number;
  currency: string;
}

/** The error a Catch adds to the state's data (ResultPath "$.error"). */
export interface CaughtError {
  Error: string;
  Cause?: string;
}
