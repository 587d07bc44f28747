/** GetRandomPassword: characters drawn with node:crypto from the classes the request keeps. */
import { randomInt } from "node:crypto";
import { passwordTooShort } from "../errors.js";
import { DEFAULT_PASSWORD_LENGTH, PUNCTUATION } from "../limits.js";

export interface PasswordOptions {
  PasswordLength?: number;
  ExcludeCharacters?: string;
  ExcludeNumbers?: boolean;
  ExcludePunctuation?: boolean;
  ExcludeUppercase?: boolean;
  ExcludeLowercase?: boolean;
  IncludeSpace?: boolean;
  RequireEachIncludedType?: boolean;
}

export function randomPassword(o: PasswordOptions): string {
  const length = o.PasswordLength ?? DEFAULT_PASSWORD_LENGTH;
  const excluded = new Set(o.ExcludeCharacters ?? "");
  const keep = (chars: string) => [...chars].filter((c) => !excluded.has(c)).join("");
  const classes = [
    o.ExcludeLowercase ? "" : keep("abcdefghijklmnopqrstuvwxyz"),
    o.ExcludeUppercase ? "" : keep("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    o.ExcludeNumbers ? "" : keep("0123456789"),
    o.ExcludePunctuation ? "" : keep(PUNCTUATION),
    o.IncludeSpace ? keep(" ") : "",
  ].filter((c) => c.length > 0);
  const all = classes.join("");
  const required = o.RequireEachIncludedType !== false ? classes : [];
  if (all.length === 0 || length < required.length) throw passwordTooShort();
  const chars = required.map((c) => c[randomInt(c.length)] ?? "");
  while (chars.length < length) chars.push(all[randomInt(all.length)] ?? "");
  // The required characters must not always sit at the start.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] ?? "", chars[i] ?? ""];
  }
  return chars.join("");
}
