/**
 * CustomMessage: the function writes the email / SMS that carries a code. The sandbox prints
 * that message (code filled in) to the terminal in place of sending it.
 */
import { newCode, type CognitoContext } from "../context.js";
import type { Code, PoolState, User } from "../state.js";
import { clientMetadataOf, eventAttributes } from "./hooks.js";
import { triggerArn, runTrigger } from "./invoke.js";

export type CustomMessageSource = "CustomMessage_SignUp" | "CustomMessage_ResendCode" | "CustomMessage_ForgotPassword" | "CustomMessage_VerifyUserAttribute";

// The placeholders Cognito puts in the event for the function to place in its message.
const CODE_PARAMETER = "{####}";
const LINK_PARAMETER = "{##Click Here##}";

/** A new code, announced with the function's message when the pool has a CustomMessage trigger. */
export async function sendCode(
  ctx: CognitoContext,
  pool: PoolState,
  user: User,
  purpose: string,
  source: CustomMessageSource,
  clientId: string | undefined,
  input: Record<string, unknown>,
): Promise<Code> {
  const arn = triggerArn(pool, "CustomMessage");
  if (arn === undefined) return newCode(ctx, pool.pool.id, user, purpose);
  const code = newCode(ctx, pool.pool.id, user, purpose, false);
  const response = await runTrigger(ctx, pool, arn, {
    trigger: "CustomMessage",
    triggerSource: source,
    userName: user.username,
    clientId,
    request: { userAttributes: eventAttributes(user), codeParameter: CODE_PARAMETER, linkParameter: LINK_PARAMETER, usernameParameter: null, ...clientMetadataOf(input.ClientMetadata) },
    response: { smsMessage: null, emailMessage: null, emailSubject: null },
  });
  const viaEmail = user.attributes.email !== undefined;
  const custom = viaEmail ? response.emailMessage : response.smsMessage;
  const to = user.attributes.email ?? user.attributes.phone_number;
  const where = to !== undefined && to !== user.username ? ` (${to})` : "";
  if (typeof custom === "string" && custom !== "") {
    const subject = viaEmail && typeof response.emailSubject === "string" ? ` [${response.emailSubject}]` : "";
    ctx.logger.info(`Cognito ${pool.pool.id}: ${purpose} message for ${user.username}${where}${subject}: ${custom.split(CODE_PARAMETER).join(code.code)}`);
  } else {
    ctx.logger.info(`Cognito ${pool.pool.id}: ${purpose} code for ${user.username}${where}: ${code.code}`);
  }
  return code;
}
