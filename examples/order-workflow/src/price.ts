import { CATALOG, CURRENCY, FREE_SHIPPING_FROM, SHIPPING_FEE, TAX_RATE } from "./lib/catalog.js";
import { OutOfStockError, TransientError } from "./lib/errors.js";
import type { Order, OrderLine, PricedOrder } from "./lib/order.js";

export interface PriceEvent {
  order: Order;
  /** $$.State.RetryCount: 0 on the first attempt, 1 on the first retry, … */
  retryCount: number;
}

/**
 * PriceOrder, the business logic: prices each line, adds tax and shipping, and checks the
 * stock. The first `simulateTransientFailures` attempts fail with a TransientError, as a flaky
 * inventory service would, so the state's Retry can be seen at work.
 */
export const handler = async ({ order, retryCount }: PriceEvent): Promise<PricedOrder> => {
  if (retryCount < order.simulateTransientFailures) {
    throw new TransientError(`The inventory service did not answer in time (attempt ${retryCount + 1})`);
  }
  const lines: OrderLine[] = order.items.map(({ sku, quantity }) => {
    const product = CATALOG[sku];
    if (quantity > product.stock) throw new OutOfStockError(`Only ${product.stock} of ${sku} left, ${quantity} ordered`);
    return { sku, quantity, name: product.name, unitPrice: product.price, amount: product.price * quantity };
  });
  const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
  const tax = Math.floor(subtotal * TAX_RATE);
  const shipping = subtotal >= FREE_SHIPPING_FROM ? 0 : SHIPPING_FEE;
  console.log(`order ${order.orderId} priced at ${subtotal + tax + shipping} ${CURRENCY} (attempt ${retryCount + 1})`);
  return { ...order, lines, subtotal, tax, shipping, total: subtotal + tax + shipping, currency: CURRENCY };
};
