// Step Functions matches a Lambda error by its errorType, which the Node.js runtime takes from
// the error's `name`: the state machine's Catch names this class.

/** The upload is not a PNG or JPEG the functions can decode: retrying will not help. */
export class UnsupportedImageError extends Error {
  override name = "UnsupportedImageError";
}
