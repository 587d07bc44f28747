/**
 * AWS_IAM authorization of REST methods and HTTP API routes: an unsigned request is refused
 * (REST: 403 "Missing Authentication Token", HTTP APIs: 403 "Forbidden"); a signed one passes,
 * its signature not verified, and the caller is set on the event. The sandbox cannot tell which
 * IAM user owns an access key, so the caller is the key itself in the sandbox's account
 * (userArn arn:aws:iam::<account>:user/<access key>), as function URLs' AWS_IAM callers are.
 */
import { isRecord } from "../http/outgoing.js";
import { setV2Authorizer } from "../http/v2-request.js";

/** The caller of a signed request. */
export interface IamCaller {
  accessKey: string;
  accountId: string;
}

/** REST events (and HTTP API payload 1.0): requestContext.identity's IAM fields. */
function applyV1(context: Record<string, unknown>, caller: IamCaller): void {
  const identity = isRecord(context.identity) ? context.identity : {};
  context.identity = {
    ...identity,
    accountId: caller.accountId,
    caller: caller.accessKey,
    accessKey: caller.accessKey,
    userArn: userArn(caller),
    user: caller.accessKey,
  };
}

/** HTTP API payload 2.0: requestContext.authorizer.iam. */
function applyV2(context: Record<string, unknown>, caller: IamCaller): void {
  setV2Authorizer(context, {
    iam: {
      accessKey: caller.accessKey,
      accountId: caller.accountId,
      callerId: caller.accessKey,
      cognitoIdentity: null,
      principalOrgId: null,
      userArn: userArn(caller),
      userId: caller.accessKey,
    },
  });
}

/** Sets the signed caller on a function's event (payload 1.0 identity, or 2.0 authorizer.iam). */
export function applyIamCaller(event: Record<string, unknown>, caller: IamCaller, v2: boolean): void {
  const context = event.requestContext;
  if (!isRecord(context)) return;
  if (v2) applyV2(context, caller);
  else applyV1(context, caller);
}

function userArn(caller: IamCaller): string {
  return `arn:aws:iam::${caller.accountId}:user/${caller.accessKey}`;
}
