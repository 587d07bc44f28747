/**
 * The grok processor: %{PATTERN:field} expressions over the common grok pattern library
 * (Logstash's core patterns, written for JavaScript's RegExp), compiled once to one regular
 * expression whose capturing groups are all named fields. It runs on core's regex worker with
 * a deadline, as every regex the sandbox's users write does.
 */
import { InvalidParameterException } from "../../errors.js";

/** "match": at most 512 characters and 20 grok patterns (Processors that you can use, grok). */
export const MAX_GROK_MATCH_LENGTH = 512;
export const MAX_GROK_PATTERNS = 20;

const PATTERNS: Record<string, string> = {
  USERNAME: "[a-zA-Z0-9._-]+",
  USER: "%{USERNAME}",
  EMAILLOCALPART: "[a-zA-Z0-9!#$%&'*+\\-/=?^_`{|}~]{1,64}(?:\\.[a-zA-Z0-9!#$%&'*+\\-/=?^_`{|}~]{1,62}){0,63}",
  EMAILADDRESS: "%{EMAILLOCALPART}@%{HOSTNAME}",
  INT: "(?:[+-]?(?:[0-9]+))",
  BASE10NUM: "(?:[+-]?(?:[0-9]+(?:\\.[0-9]+)?|\\.[0-9]+))",
  NUMBER: "(?:%{BASE10NUM})",
  BASE16NUM: "(?:[+-]?(?:0x)?(?:[0-9A-Fa-f]+))",
  POSINT: "\\b(?:[1-9][0-9]*)\\b",
  NONNEGINT: "\\b(?:[0-9]+)\\b",
  WORD: "\\b\\w+\\b",
  NOTSPACE: "\\S+",
  SPACE: "\\s*",
  DATA: ".*?",
  GREEDYDATA: ".*",
  QUOTEDSTRING: "(?:\"(?:\\\\.|[^\\\\\"])*\"|'(?:\\\\.|[^\\\\'])*'|`(?:\\\\.|[^\\\\`])*`)",
  QS: "%{QUOTEDSTRING}",
  UUID: "[A-Fa-f0-9]{8}-(?:[A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12}",
  MAC: "(?:(?:[A-Fa-f0-9]{2}[:-]){5}[A-Fa-f0-9]{2}|(?:[A-Fa-f0-9]{4}\\.){2}[A-Fa-f0-9]{4})",
  IPV6: "(?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}|(?:[0-9A-Fa-f]{1,4}:){1,7}:|(?:[0-9A-Fa-f]{1,4}:){1,6}:[0-9A-Fa-f]{1,4}|::(?:[0-9A-Fa-f]{1,4}:){0,5}[0-9A-Fa-f]{1,4}|::)",
  IPV4: "(?<![0-9])(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9]{1,2})\\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9]{1,2})(?![0-9])",
  IP: "(?:%{IPV6}|%{IPV4})",
  HOSTNAME: "\\b(?:[0-9A-Za-z][0-9A-Za-z-]{0,62})(?:\\.(?:[0-9A-Za-z][0-9A-Za-z-]{0,62}))*(?:\\.?|\\b)",
  IPORHOST: "(?:%{IP}|%{HOSTNAME})",
  HOSTPORT: "%{IPORHOST}:%{POSINT}",
  UNIXPATH: "(?:/[\\w%!$@:.,+~-]*)+",
  PATH: "%{UNIXPATH}",
  URIPROTO: "[A-Za-z][A-Za-z0-9+\\-.]+",
  URIHOST: "%{IPORHOST}(?::%{POSINT})?",
  URIPATH: "(?:/[A-Za-z0-9$.+!*'(){},~:;=@#%&_\\-]*)+",
  URIPARAM: "\\?[A-Za-z0-9$.+!*'|(){},~@#%&/=:;_?\\-\\[\\]<>]*",
  URIPATHPARAM: "%{URIPATH}(?:%{URIPARAM})?",
  URI: "%{URIPROTO}://(?:%{USER}(?::[^@]*)?@)?(?:%{URIHOST})?(?:%{URIPATHPARAM})?",
  MONTH: "\\b(?:[Jj]an(?:uary)?|[Ff]eb(?:ruary)?|[Mm]ar(?:ch)?|[Aa]pr(?:il)?|[Mm]ay|[Jj]un(?:e)?|[Jj]ul(?:y)?|[Aa]ug(?:ust)?|[Ss]ep(?:tember)?|[Oo]ct(?:ober)?|[Nn]ov(?:ember)?|[Dd]ec(?:ember)?)\\b",
  MONTHNUM: "(?:0?[1-9]|1[0-2])",
  MONTHNUM2: "(?:0[1-9]|1[0-2])",
  MONTHDAY: "(?:(?:0[1-9])|(?:[12][0-9])|(?:3[01])|[1-9])",
  DAY: "(?:Mon(?:day)?|Tue(?:sday)?|Wed(?:nesday)?|Thu(?:rsday)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?)",
  YEAR: "(?:\\d\\d){1,2}",
  HOUR: "(?:2[0123]|[01]?[0-9])",
  MINUTE: "(?:[0-5][0-9])",
  SECOND: "(?:(?:[0-5]?[0-9]|60)(?:[:.,][0-9]+)?)",
  TIME: "(?<![0-9])%{HOUR}:%{MINUTE}(?::%{SECOND})(?![0-9])",
  DATE_US: "%{MONTHNUM}[/-]%{MONTHDAY}[/-]%{YEAR}",
  DATE_EU: "%{MONTHDAY}[./-]%{MONTHNUM}[./-]%{YEAR}",
  ISO8601_TIMEZONE: "(?:Z|[+-]%{HOUR}(?::?%{MINUTE}))",
  TIMESTAMP_ISO8601: "%{YEAR}-%{MONTHNUM}-%{MONTHDAY}[T ]%{HOUR}:?%{MINUTE}(?::?%{SECOND})?%{ISO8601_TIMEZONE}?",
  DATE: "(?:%{DATE_US}|%{DATE_EU})",
  DATESTAMP: "%{DATE}[- ]%{TIME}",
  TZ: "(?:[APMCE][SD]T|UTC)",
  HTTPDATE: "%{MONTHDAY}/%{MONTH}/%{YEAR}:%{TIME} %{INT}",
  SYSLOGTIMESTAMP: "%{MONTH} +%{MONTHDAY} %{TIME}",
  LOGLEVEL:
    "(?:[Aa]lert|ALERT|[Tt]race|TRACE|[Dd]ebug|DEBUG|[Nn]otice|NOTICE|[Ii]nfo?(?:rmation)?|INFO?(?:RMATION)?|[Ww]arn?(?:ing)?|WARN?(?:ING)?|[Ee]rr?(?:or)?|ERR?(?:OR)?|[Cc]rit?(?:ical)?|CRIT?(?:ICAL)?|[Ff]atal|FATAL|[Ss]evere|SEVERE|EMERG(?:ENCY)?|[Ee]merg(?:ency)?)",
  HTTPDUSER: "(?:%{EMAILADDRESS}|%{USER})",
  COMMONAPACHELOG:
    '%{IPORHOST:clientip} %{HTTPDUSER:ident} %{USER:auth} \\[%{HTTPDATE:timestamp}\\] "(?:%{WORD:verb} %{NOTSPACE:request}(?: HTTP/%{NUMBER:httpversion})?|%{DATA:rawrequest})" %{NUMBER:response} (?:%{NUMBER:bytes}|-)',
  COMBINEDAPACHELOG: "%{COMMONAPACHELOG} %{QS:referrer} %{QS:agent}",
};

export interface CompiledGrok {
  /** One regular expression; its capturing groups are, in order, the fields. */
  source: string;
  fields: string[];
  /** The fields (by index) a QUOTEDSTRING (or QS) captured: their value is the text inside the quotes. */
  unquoted: ReadonlySet<number>;
}

// %{QUOTEDSTRING:msg} on "Hello, world!" gives {"msg": "Hello, world!"} without the quotes (CloudWatch Logs
// User Guide, Supported grok patterns; the AWS CLI's example logs/test-transformer.rst answers the same).
const UNQUOTED_PATTERNS = new Set(["QUOTEDSTRING", "QS"]);

/** A QUOTEDSTRING capture's text inside its quotes. */
export function unquote(value: string): string {
  return value.length >= 2 && `"'\``.includes(value[0]) && value[value.length - 1] === value[0] ? value.slice(1, -1) : value;
}

const invalid = (message: string) => new InvalidParameterException(message);

/** Compiles a grok match expression, or InvalidParameterException for what AWS does not take. */
export function compileGrok(match: string): CompiledGrok {
  if (match.length === 0 || match.length > MAX_GROK_MATCH_LENGTH) throw invalid(`The grok match must be 1 to ${MAX_GROK_MATCH_LENGTH} characters long.`);
  const used = match.match(/%\{[^}]*\}/g) ?? [];
  if (used.length > MAX_GROK_PATTERNS) throw invalid(`The grok match may use at most ${MAX_GROK_PATTERNS} grok patterns.`);
  const fields: string[] = [];
  const unquoted = new Set<number>();
  const source = expand(match, fields, 0, unquoted);
  try {
    new RegExp(source);
  } catch {
    throw invalid(`The grok match ${match} is not a valid pattern.`);
  }
  return { source, fields, unquoted };
}

function expand(pattern: string, fields: string[], depth: number, unquoted: Set<number>): string {
  // Library patterns nest a few levels; a cycle cannot happen in a fixed library, the bound is a guard.
  if (depth > 10) throw invalid("The grok match nests its patterns too deeply.");
  let out = "";
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "\\") {
      out += pattern.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === "[") {
      const end = classEnd(pattern, i);
      out += pattern.slice(i, end);
      i = end;
      continue;
    }
    if (pattern.startsWith("%{", i)) {
      const close = pattern.indexOf("}", i);
      if (close < 0) throw invalid(`The grok match ${pattern} is not a valid pattern.`);
      const [name, field, type] = pattern.slice(i + 2, close).split(":");
      if (type !== undefined) throw invalid("grok patterns won't support type conversions.");
      const definition = PATTERNS[name];
      if (definition === undefined) throw invalid(`The grok pattern ${name} is not supported.`);
      if (field !== undefined && field !== "") {
        if (UNQUOTED_PATTERNS.has(name)) unquoted.add(fields.length);
        fields.push(field);
        out += `(${expand(definition, fields, depth + 1, unquoted)})`;
      } else out += `(?:${expand(definition, fields, depth + 1, unquoted)})`;
      i = close + 1;
      continue;
    }
    if (c === "(") {
      // An inline named group (?<name>…) is a field; a plain group is made non-capturing so
      // that the capturing groups stay the fields.
      const named = /^\(\?<([A-Za-z_][\w.]*)>/.exec(pattern.slice(i));
      if (named) {
        fields.push(named[1]);
        out += "(";
        i += named[0].length;
        continue;
      }
      if (pattern[i + 1] !== "?") {
        out += "(?:";
        i += 1;
        continue;
      }
    }
    out += c;
    i += 1;
  }
  return out;
}

/** The index just past a character class that starts at `start`. */
function classEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === "^") i += 1;
  if (pattern[i] === "]") i += 1;
  while (i < pattern.length && pattern[i] !== "]") i += pattern[i] === "\\" ? 2 : 1;
  return Math.min(i + 1, pattern.length);
}
