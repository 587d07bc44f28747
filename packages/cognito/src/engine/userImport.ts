/** GetCSVHeader: the columns of a user import job's CSV file (import jobs themselves are not emulated). */
import { poolOf, type CognitoContext, type Input } from "./context.js";
import { schemaAttributes } from "./schema.js";

// The columns every header ends with, after the pool's attributes (a recorded get-csv-header answer).
const IMPORT_COLUMNS = ["cognito:mfa_enabled", "cognito:username"];

/**
 * The pool's attributes in DescribeUserPool's order, standard then custom ("custom:joinedOn"), without
 * `sub`, which Cognito assigns; then the import columns.
 */
export function getCSVHeader(ctx: CognitoContext, input: Input): Record<string, unknown> {
  const { pool } = poolOf(ctx, String(input.UserPoolId));
  const attributes = schemaAttributes(pool.config.Schema).map((a) => String(a.Name)).filter((name) => name !== "sub");
  return { UserPoolId: pool.id, CSVHeader: [...attributes, ...IMPORT_COLUMNS] };
}
