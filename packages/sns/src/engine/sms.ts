/**
 * SMS: account preferences (Get/SetSMSAttributes), the opt-out list (CheckIfPhoneNumberIsOptedOut,
 * ListPhoneNumbersOptedOut, OptInPhoneNumber), the SMS sandbox's destination numbers and
 * ListOriginationNumbers. The sandbox sends no SMS: messages and one-time passwords are printed.
 */
import { randomInt } from "node:crypto";
import { InvalidParameterException, phoneNumberIncorrectlyFormatted, sandboxNumberNotFound, wrongOneTimePassword } from "../errors.js";
import { DEFAULT_MONTHLY_SPEND_LIMIT, MAX_SANDBOX_NUMBERS_PAGE, OTP_DIGITS } from "../limits.js";
import { change, type SnsContext } from "./context.js";
import { page } from "./page.js";

/** E.164: "+", then up to 15 digits, the first not 0. */
export const E164 = /^\+?[1-9]\d{1,14}$/;

/**
 * The E.164 number a Publish names, whose digits after the "+" may be grouped by hyphens: the AWS
 * CLI's publish example sends to "+1-555-555-0100" (awscli/examples/sns/publish.rst). Undefined
 * when not one.
 */
export function publishablePhoneNumber(text: string): string | undefined {
  const number = /^\+\d+(?:-\d+)+$/.test(text) ? text.replaceAll("-", "") : text;
  return E164.test(number) ? number : undefined;
}

/** Attributes SetSMSAttributes accepts (AWS API reference, SetSMSAttributes). */
const SMS_ATTRIBUTES = new Set([
  "MonthlySpendLimit", "DeliveryStatusIAMRole", "DeliveryStatusSuccessSamplingRate", "DefaultSenderID", "DefaultSMSType", "UsageReportS3Bucket",
]);
const SMS_TYPES = new Set(["Promotional", "Transactional"]);

export async function setSMSAttributes(ctx: SnsContext, input: { attributes: Record<string, string> }): Promise<Record<string, never>> {
  const attributes = input.attributes ?? {};
  for (const [key, value] of Object.entries(attributes)) {
    if (!SMS_ATTRIBUTES.has(key)) throw new InvalidParameterException(`${key} is not a valid attribute`);
    // An empty value resets the preference to its default (the Terraform AWS provider resets
    // aws_sns_sms_preferences so, every attribute "").
    if (key === "DefaultSMSType" && value !== "" && !SMS_TYPES.has(value)) throw new InvalidParameterException("DefaultSMSType is invalid");
  }
  if (Object.keys(attributes).length > 0) await change(ctx, { t: "setSmsAttributes", attributes: { ...attributes } });
  return {};
}

/** All set attributes (MonthlySpendLimit defaults to 1 USD), or the named ones. */
export function getSMSAttributes(ctx: SnsContext, input: { attributes?: string[] }): { attributes: Record<string, string> } {
  const all: Record<string, string> = { MonthlySpendLimit: DEFAULT_MONTHLY_SPEND_LIMIT, ...ctx.durable.state.smsAttributes };
  const names = input.attributes ?? [];
  if (names.length === 0) return { attributes: all };
  return { attributes: Object.fromEntries(names.filter((n) => Object.hasOwn(all, n)).map((n) => [n, all[n]])) };
}

export function checkIfPhoneNumberIsOptedOut(ctx: SnsContext, input: { phoneNumber: string }): { isOptedOut: boolean } {
  if (!E164.test(input.phoneNumber)) throw phoneNumberIncorrectlyFormatted();
  return { isOptedOut: ctx.durable.state.optedOut.has(input.phoneNumber) };
}

export function listPhoneNumbersOptedOut(ctx: SnsContext, input: { nextToken?: string }): { phoneNumbers: string[]; nextToken?: string } {
  const result = page([...ctx.durable.state.optedOut], (n) => n, input.nextToken);
  return { phoneNumbers: result.page, ...(result.nextToken !== undefined ? { nextToken: result.nextToken } : {}) };
}

export async function optInPhoneNumber(ctx: SnsContext, input: { phoneNumber: string }): Promise<Record<string, never>> {
  if (!E164.test(input.phoneNumber)) throw phoneNumberIncorrectlyFormatted();
  if (ctx.durable.state.optedOut.has(input.phoneNumber)) await change(ctx, { t: "optIn", phoneNumber: input.phoneNumber });
  return {};
}

/**
 * What a recipient replying STOP does on AWS (there is no API for it): the number joins the
 * opt-out list and receives no more SMS until OptInPhoneNumber.
 */
export async function optOutPhoneNumber(ctx: SnsContext, phoneNumber: string): Promise<void> {
  if (!ctx.durable.state.optedOut.has(phoneNumber)) await change(ctx, { t: "optOut", phoneNumber });
}

/** The sandbox's SMS needs no sandbox: every destination may be sent to, as on an account with production access. */
export function getSMSSandboxAccountStatus(): { IsInSandbox: boolean } {
  return { IsInSandbox: false };
}

/** Adds (or re-sends the code of) a destination number; its one-time password is printed. */
export async function createSMSSandboxPhoneNumber(ctx: SnsContext, input: { PhoneNumber: string; LanguageCode?: string }): Promise<Record<string, never>> {
  const existing = ctx.durable.state.sandboxNumbers.get(input.PhoneNumber);
  if (existing?.status === "Verified") return {};
  const otp = String(randomInt(10 ** (OTP_DIGITS - 1), 10 ** OTP_DIGITS));
  await change(ctx, { t: "putSandboxNumber", number: { phoneNumber: input.PhoneNumber, status: "Pending", otp } });
  ctx.logger.info(`✆ SNS SMS sandbox: the verification code for ${input.PhoneNumber} is ${otp} (VerifySMSSandboxPhoneNumber).`);
  return {};
}

export async function verifySMSSandboxPhoneNumber(
  ctx: SnsContext,
  input: { PhoneNumber: string; OneTimePassword: string },
): Promise<Record<string, never>> {
  const number = ctx.durable.state.sandboxNumbers.get(input.PhoneNumber);
  if (!number) throw sandboxNumberNotFound();
  if (number.status === "Verified") return {};
  if (number.otp !== input.OneTimePassword) throw wrongOneTimePassword();
  await change(ctx, { t: "putSandboxNumber", number: { ...number, status: "Verified" } });
  return {};
}

export function listSMSSandboxPhoneNumbers(
  ctx: SnsContext,
  input: { NextToken?: string; MaxResults?: number },
): { PhoneNumbers: { PhoneNumber: string; Status: string }[]; NextToken?: string } {
  const numbers = [...ctx.durable.state.sandboxNumbers.values()];
  const result = page(numbers, (n) => n.phoneNumber, input.NextToken, input.MaxResults ?? MAX_SANDBOX_NUMBERS_PAGE);
  return {
    PhoneNumbers: result.page.map((n) => ({ PhoneNumber: n.phoneNumber, Status: n.status })),
    ...(result.nextToken !== undefined ? { NextToken: result.nextToken } : {}),
  };
}

export async function deleteSMSSandboxPhoneNumber(ctx: SnsContext, input: { PhoneNumber: string }): Promise<Record<string, never>> {
  if (!ctx.durable.state.sandboxNumbers.has(input.PhoneNumber)) throw sandboxNumberNotFound();
  await change(ctx, { t: "deleteSandboxNumber", phoneNumber: input.PhoneNumber });
  return {};
}

/** The sandbox owns no origination numbers (toll-free numbers, 10DLC, short codes). */
export function listOriginationNumbers(): { PhoneNumbers: never[] } {
  return { PhoneNumbers: [] };
}
