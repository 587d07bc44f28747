import { boundaryNotFound, invalidBoundaryArn } from "../errors.js";
import { isAwsManagedArn } from "./awsManagedPolicies.js";
import { state, type IamContext } from "./context.js";

/** A permissions boundary must name a managed policy: a customer one that exists, or one of AWS's. */
export function checkBoundary(ctx: IamContext, arn: string): void {
  if (!arn.includes(":policy/")) throw invalidBoundaryArn(arn);
  if (!isAwsManagedArn(arn) && !Object.hasOwn(state(ctx).policies, arn)) throw boundaryNotFound(arn);
}

/** AttachedPermissionsBoundary as IAM answers it. */
export function boundaryView(arn: string | undefined) {
  return arn === undefined ? undefined : { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: arn };
}
