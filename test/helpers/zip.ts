// A .zip archive of text files for tests that deploy Lambda code as a user uploads it
// (Terraform's `filename`, the SDK's ZipFile), with no zip tool at hand: the Lambda package's
// byte-by-byte zip writer (packages/lambda/test/zips.ts), each file deflated as `zip` does.
import { zipOf as zipEntries } from "../../packages/lambda/test/zips.js";

/** A .zip of `files` (name → text). */
export function zipOf(files: Record<string, string>): Buffer {
  return zipEntries(Object.entries(files).map(([name, data]) => ({ name, data })));
}
