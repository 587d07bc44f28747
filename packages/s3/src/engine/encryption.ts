import { customerKeyNotApplicable, customerKeyRequired, wrongCustomerKey } from "../errors.js";
import type { Encryption } from "./state.js";

/**
 * A read of an object (GetObject, HeadObject, a copy's source) presenting an SSE-C key, by its MD5, or none:
 * an SSE-C object needs its own key, any other object none (boto3#1482, boto3#982; a wrong key is
 * AccessDenied in localstack's AWS-validated captures).
 */
export function checkPresentedKey(encryption: Encryption | undefined, presentedMd5: string | undefined): void {
  if (encryption?.algorithm !== "customer") {
    if (presentedMd5 !== undefined) throw customerKeyNotApplicable();
    return;
  }
  if (presentedMd5 === undefined) throw customerKeyRequired();
  if (presentedMd5 !== encryption.keyMd5) throw wrongCustomerKey();
}
