/**
 * Physical names and ids the way CloudFormation and the services make them, but derived
 * from a hash of stack name + logical id instead of randomness: the same template gives the
 * same names on every start, so persisted state (tables, queues, …) is found again.
 */
import { createHash } from "node:crypto";
import { MAX_STACK_NAME_LENGTH } from "./limits.js";

const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const MIXED_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";
/** Lower-case base32: SES's Easy DKIM tokens ("EXAMPLEjcs5xoyqytjsotsijas7236gr" in its VerifyDomainDkim example). */
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

export const ALPHABETS = { upper: UPPER_ALNUM, lower: LOWER_ALNUM, mixed: MIXED_ALNUM, hex: HEX, base32: BASE32 } as const;
export type Alphabet = keyof typeof ALPHABETS;

/** `length` characters of `alphabet`, a pure function of `seed`. */
export function stableId(seed: string, length: number, alphabet: Alphabet): string {
  const chars = ALPHABETS[alphabet];
  let out = "";
  let counter = 0;
  while (out.length < length) {
    const digest = createHash("sha256").update(`${seed}#${counter++}`).digest();
    for (const byte of digest) {
      if (out.length === length) break;
      out += chars[byte % chars.length];
    }
  }
  return out;
}

/** A UUID-shaped stable id (8-4-4-4-12 hex). */
export function stableUuid(seed: string): string {
  const h = stableId(seed, 32, "hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface GeneratedNameOptions {
  /** The service's limit on the name's length. */
  maxLength: number;
  /** Suffix length (CloudFormation uses 12-13 random characters). */
  suffixLength?: number;
  alphabet?: Alphabet;
  /** S3 bucket names must be lower-case. */
  lowerCase?: boolean;
}

/**
 * "<stackName>-<LogicalId>-<SUFFIX>", as CloudFormation names resources that have no
 * explicit name; both parts are shortened to fit the service's maximum length.
 */
export function generatedName(stackName: string, logicalId: string, options: GeneratedNameOptions): string {
  const suffixLength = options.suffixLength ?? 12;
  const suffix = stableId(`${stackName}/${logicalId}`, suffixLength, options.alphabet ?? "upper");
  const budget = options.maxLength - suffixLength - 2;
  let stack = stackName;
  let id = logicalId;
  if (stack.length + id.length > budget) {
    stack = stack.slice(0, Math.max(Math.floor(budget / 2), budget - id.length));
    id = id.slice(0, budget - stack.length);
  }
  const name = `${stack}-${id}-${suffix}`;
  return options.lowerCase ? name.toLowerCase() : name;
}

/** A stack name CloudFormation accepts ([a-zA-Z][-a-zA-Z0-9]*, up to 128) made from a directory name. */
export function sanitizeStackName(raw: string): string {
  let name = raw.replace(/[^A-Za-z0-9-]+/g, "-").replace(/-+/g, "-").replace(/^-|-$/g, "");
  if (name === "") name = "sandbox";
  if (!/^[A-Za-z]/.test(name)) name = `app-${name}`;
  return name.slice(0, MAX_STACK_NAME_LENGTH).replace(/-$/, "");
}

/** A stack's id: "arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<uuid>", the uuid stable per name, region and account. */
export function stackArn(partition: string, region: string, accountId: string, stackName: string): string {
  return `arn:${partition}:cloudformation:${region}:${accountId}:stack/${stackName}/${stableUuid(`${stackName}/${region}/${accountId}`)}`;
}

/**
 * The name CloudFormation gives a nested stack: "<parent>-<LogicalId>-<SUFFIX>" with 12 upper-case
 * characters (AWS::CloudFormation::Stack's Ref: "…:stack/mystack-mynestedstack-sggfrhxhum7w/…"),
 * both parts shortened to fit a stack name's 128 characters.
 */
export function nestedStackName(parentStackName: string, logicalId: string): string {
  return generatedName(parentStackName, logicalId, { maxLength: MAX_STACK_NAME_LENGTH });
}
