import type { SNSHandler } from "aws-lambda";

interface OrderReceived {
  event: string;
  orderId: string;
  email: string;
  items: Array<{ sku: string; quantity: number }>;
  paymentMethod: string;
}

/**
 * Subscribed to the order events topic: writes the confirmation mail it would send. On AWS it
 * would hand it to Amazon SES; here it appears in the sandbox's terminal and in the function's
 * log group.
 */
export const handler: SNSHandler = async (event) => {
  for (const record of event.Records) {
    const message = JSON.parse(record.Sns.Message) as OrderReceived;
    const items = message.items.map((item) => `  - ${item.sku} × ${item.quantity}`).join("\n");
    console.log(`To: ${message.email}\nSubject: ${record.Sns.Subject ?? ""}\n\nOrder ${message.orderId}:\n${items}\nPayment: ${message.paymentMethod}`);
  }
};
