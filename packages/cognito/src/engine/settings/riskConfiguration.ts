/**
 * SetRiskConfiguration / DescribeRiskConfiguration: threat protection's responses to compromised
 * credentials and account takeover risks and its IP-address exceptions, for the pool ("ALL") or one
 * app client. Both answer UserPoolAddOnNotEnabledException while threat protection is off. The
 * sandbox assesses no risk: every recorded sign-in is NoRisk, so the risk actions are kept, not
 * run; in ENFORCED mode the always-block IP list does block (ipBlocked).
 */
import { BlockList, isIP } from "node:net";
import { InvalidParameterException } from "../../errors.js";
import { clientOf, poolOf, type CognitoContext, type Input } from "../context.js";
import { requireThreatProtection, writeExtras, type RiskConfiguration } from "../extras.js";
import type { PoolState } from "../state.js";

const ALL = "ALL";
type Json = Record<string, unknown>;

const objectOf = (value: unknown): Json | undefined => (value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : undefined);

/** An IP range in CIDR notation ("displayed and set in CIDR notation", RiskExceptionConfigurationType). */
export function validCidr(range: string): boolean {
  const [address, bits, ...rest] = range.split("/");
  const family = isIP(address ?? "");
  if (rest.length > 0 || family === 0 || bits === undefined || !/^\d{1,3}$/.test(bits)) return false;
  const prefix = Number(bits);
  return prefix <= (family === 4 ? 32 : 128);
}

/** AWS's wording for a malformed range was not found: the sandbox names the member and the value. */
function checkRanges(exceptions: Json | undefined): void {
  for (const member of ["BlockedIPRangeList", "SkippedIPRangeList"]) {
    const list = exceptions?.[member];
    for (const range of Array.isArray(list) ? list.map(String) : []) {
      if (!validCidr(range)) throw new InvalidParameterException(`${member} has an IP range that is not in CIDR notation: ${range}`);
    }
  }
}

/**
 * An action that notifies users needs the email to send (AccountTakeoverRiskConfigurationType:
 * NotifyConfiguration "when you choose to notify users"). AWS's wording was not found.
 */
function checkNotify(takeover: Json | undefined): void {
  const actions = objectOf(takeover?.Actions) ?? {};
  const notifies = Object.values(actions).some((a) => objectOf(a)?.Notify === true);
  if (notifies && !objectOf(takeover?.NotifyConfiguration)) throw new InvalidParameterException("NotifyConfiguration is required when an account takeover action notifies the user.");
}

function keyOf(ctx: CognitoContext, pool: PoolState, clientId: unknown): string {
  if (clientId === undefined) return ALL;
  clientOf(ctx, String(clientId), pool.pool.id);
  return String(clientId);
}

function output(pool: PoolState, key: string, c: RiskConfiguration | undefined): Json {
  return {
    UserPoolId: pool.pool.id,
    ...(key !== ALL ? { ClientId: key } : {}),
    ...(c?.compromisedCredentials ? { CompromisedCredentialsRiskConfiguration: c.compromisedCredentials } : {}),
    ...(c?.accountTakeover ? { AccountTakeoverRiskConfiguration: c.accountTakeover } : {}),
    ...(c?.riskExceptions ? { RiskExceptionConfiguration: c.riskExceptions } : {}),
    ...(c ? { LastModifiedDate: c.modified / 1000 } : {}),
  };
}

/** Only UserPoolId (and ClientId): back to the defaults, or to inheriting the pool's (API reference). */
export async function setRiskConfiguration(ctx: CognitoContext, input: Input): Promise<Json> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const key = keyOf(ctx, pool, input.ClientId);
  requireThreatProtection(pool);
  const compromised = objectOf(input.CompromisedCredentialsRiskConfiguration);
  const takeover = objectOf(input.AccountTakeoverRiskConfiguration);
  const exceptions = objectOf(input.RiskExceptionConfiguration);
  checkNotify(takeover);
  checkRanges(exceptions);
  const { [key]: _replaced, ...others } = pool.extras.riskConfigurations ?? {};
  if (!compromised && !takeover && !exceptions) {
    await writeExtras(ctx, pool, { riskConfigurations: others });
    return { RiskConfiguration: output(pool, key, undefined) };
  }
  const configuration: RiskConfiguration = {
    ...(compromised ? { compromisedCredentials: compromised } : {}),
    ...(takeover ? { accountTakeover: takeover } : {}),
    ...(exceptions ? { riskExceptions: exceptions } : {}),
    modified: ctx.clock.now(),
  };
  await writeExtras(ctx, pool, { riskConfigurations: { ...others, [key]: configuration } });
  return { RiskConfiguration: output(pool, key, configuration) };
}

/** A client without its own configuration shows the pool's. */
export function describeRiskConfiguration(ctx: CognitoContext, input: Input): Json {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const key = keyOf(ctx, pool, input.ClientId);
  requireThreatProtection(pool);
  const configurations = pool.extras.riskConfigurations ?? {};
  return { RiskConfiguration: output(pool, key, configurations[key] ?? configurations[ALL]) };
}

/**
 * Whether threat protection in ENFORCED mode always blocks this address for the client: its
 * BlockedIPRangeList (the client's own configuration, else the pool's) holds it and its
 * SkippedIPRangeList does not.
 */
export function ipBlocked(pool: PoolState, clientId: string | undefined, ip: string | undefined): boolean {
  const mode = (pool.pool.config.UserPoolAddOns as { AdvancedSecurityMode?: unknown } | undefined)?.AdvancedSecurityMode;
  if (mode !== "ENFORCED" || ip === undefined) return false;
  const configurations = pool.extras.riskConfigurations ?? {};
  const exceptions = (clientId !== undefined ? configurations[clientId] : undefined)?.riskExceptions ?? configurations[ALL]?.riskExceptions;
  const address = ip.startsWith("::ffff:") && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  const family = isIP(address);
  if (family === 0) return false;
  const listed = (member: string): boolean => {
    const ranges = exceptions?.[member];
    const list = new BlockList();
    for (const range of Array.isArray(ranges) ? ranges.map(String) : []) {
      const [base = "", bits = "0"] = range.split("/");
      list.addSubnet(base, Number(bits), isIP(base) === 4 ? "ipv4" : "ipv6");
    }
    return list.check(address, family === 4 ? "ipv4" : "ipv6");
  };
  return listed("BlockedIPRangeList") && !listed("SkippedIPRangeList");
}
