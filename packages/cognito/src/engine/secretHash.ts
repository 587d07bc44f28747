/** SECRET_HASH = Base64(HMAC-SHA256(client secret, username + client id)), required when the client has a secret. */
import { createHmac } from "node:crypto";
import { secretHashMismatch, secretNotReceived } from "../errors.js";
import type { Client } from "./state.js";

export function secretHash(secret: string, username: string, clientId: string): string {
  return createHmac("sha256", secret).update(username + clientId).digest("base64");
}

/** `usernames`: the name the caller gave and, where it differs, the stored username (either may be hashed). */
export function checkSecretHash(client: Client, username: string | string[], given: unknown): void {
  if (!client.secret) return;
  if (typeof given !== "string" || given === "") throw secretNotReceived(client.clientId);
  const names = Array.isArray(username) ? username : [username];
  if (!names.some((name) => secretHash(client.secret ?? "", name, client.clientId) === given)) throw secretHashMismatch(client.clientId);
}
