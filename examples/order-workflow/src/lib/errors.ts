// Step Functions matches a Lambda error by its errorType, which the Node.js runtime takes from
// the error's `name`: each class sets its own, so a Retry or Catch can name it.

/** The order is malformed: caught by the workflow, which marks the order FAILED. */
export class ValidationError extends Error {
  override name = "ValidationError";
}

/** A hiccup worth retrying (a dependency timed out): the workflow's Retry handles it. */
export class TransientError extends Error {
  override name = "TransientError";
}

/** Not enough stock: retrying will not help; the workflow marks the order FAILED. */
export class OutOfStockError extends Error {
  override name = "OutOfStockError";
}
