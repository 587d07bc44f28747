/**
 * GetSigningCertificate: the certificate Cognito signs SAML 2.0 requests with, base64 DER without
 * the PEM armour (API reference: "The signing certificate"). Made once per pool on first request,
 * valid for 10 years from its issue (API reference), and kept with the pool. The sandbox sends no
 * SAML requests, so its private key is not kept.
 */
import { generateKeyPair } from "node:crypto";
import { promisify } from "node:util";
import { SIGNING_CERTIFICATE_VALIDITY_DAYS } from "../../limits.js";
import { poolOf, type CognitoContext, type Input } from "../context.js";
import { writeExtras } from "../extras.js";
import { selfSignedCertificate } from "./x509.js";

const rsaKeyPair = promisify(generateKeyPair);

export async function getSigningCertificate(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  return { Certificate: await poolCertificate(ctx, String(input.UserPoolId), "signingCertificate") };
}

/**
 * The pool's certificate of that kind, made and kept on first use: the signing one, or the one a SAML
 * provider with EncryptedResponses names as its ActiveEncryptionCertificate (the AWS CLI's example
 * create-identity-provider.rst).
 */
export async function poolCertificate(ctx: CognitoContext, poolId: string, kind: "signingCertificate" | "encryptionCertificate"): Promise<string> {
  const pool = poolOf(ctx, poolId);
  const kept = pool.extras[kind];
  if (kept !== undefined) return kept;
  const { privateKey } = await rsaKeyPair("rsa", { modulusLength: 2048 });
  const subject: Array<[string, string]> = [["CN", pool.pool.id]];
  const certificate = selfSignedCertificate(privateKey, subject, ctx.clock.now(), SIGNING_CERTIFICATE_VALIDITY_DAYS).toString("base64");
  // Another request may have made one while the key was generated: the first kept wins.
  const current = poolOf(ctx, pool.pool.id);
  const now = current.extras[kind];
  if (now !== undefined) return now;
  await writeExtras(ctx, current, { [kind]: certificate });
  return certificate;
}
