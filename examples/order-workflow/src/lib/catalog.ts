// The shop's products. A real shop would read them from a table or a service; a constant keeps
// the example about the workflow.

export interface Product {
  name: string;
  /** Price in yen, tax excluded. */
  price: number;
  stock: number;
}

export const CURRENCY = "JPY";
/** Japan's consumption tax. */
export const TAX_RATE = 0.1;
export const SHIPPING_FEE = 500;
/** Orders from this subtotal ship free. */
export const FREE_SHIPPING_FROM = 5000;

export const CATALOG: Readonly<Record<string, Product>> = {
  "BOOK-001": { name: "Serverless Patterns (paperback)", price: 3200, stock: 20 },
  "MUG-002": { name: "Lambda mug", price: 1500, stock: 10 },
  "TEE-003": { name: "Step Functions T-shirt", price: 2800, stock: 3 },
};

export const PAYMENT_METHODS = ["card", "bank-transfer"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** How long WaitForPayment waits: a card is paid at once, a bank transfer has three days. */
export const PAYMENT_WAIT_SECONDS: Readonly<Record<PaymentMethod, number>> = {
  card: 0,
  "bank-transfer": 3 * 24 * 60 * 60,
};
