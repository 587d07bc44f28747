/**
 * dateTimeConverter's patterns: Java DateTimeFormatter letters (yyyy, MM, MMM, dd, HH, hh, mm,
 * ss, SSS, a, EEE, Z, XXX, 'text'), read and written in a time zone and locale, as the
 * processor documents them (default target format yyyy-MM-dd'T'HH:mm:ss.SSS'Z', UTC, root locale).
 * Month and day names come from Intl for the locale asked.
 */
import { TransformationFailed } from "./event.js";

export const DEFAULT_TARGET_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";

/** The pattern letters read and written here. */
const LETTERS = new Set(["y", "u", "M", "L", "d", "H", "h", "m", "s", "S", "a", "E", "Z", "X", "x", "z", "V"]);

/** The first pattern letter this module does not know, if any. */
export function unsupportedLetter(pattern: string): string | undefined {
  for (const token of tokens(pattern)) if ("letter" in token && !LETTERS.has(token.letter)) return token.letter;
  return undefined;
}

type Token = { letter: string; count: number } | { literal: string };

function tokens(pattern: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === i + 1) {
        out.push({ literal: "'" });
        i += 2;
        continue;
      }
      const stop = end < 0 ? pattern.length : end;
      out.push({ literal: pattern.slice(i + 1, stop) });
      i = stop + 1;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j += 1;
      out.push({ letter: c, count: j - i });
      i = j;
      continue;
    }
    out.push({ literal: c });
    i += 1;
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function names(locale: string, kind: "month" | "weekday", width: "long" | "short"): string[] {
  const format = new Intl.DateTimeFormat(locale === "locale.ROOT" ? "en" : locale, { [kind]: width, timeZone: "UTC" });
  // 2023-01-01 is a Sunday: weekdays Sunday..Saturday, months January..December.
  return Array.from({ length: kind === "month" ? 12 : 7 }, (_, i) =>
    format.format(kind === "month" ? Date.UTC(2023, i, 1) : Date.UTC(2023, 0, 1 + i)).replace(/\.$/, ""),
  );
}

interface Parts {
  year?: number;
  month?: number;
  day?: number;
  hour?: number;
  hour12?: number;
  pm?: boolean;
  minute?: number;
  second?: number;
  millis?: number;
  offsetMinutes?: number;
}

/** Epoch milliseconds of `text` read with `pattern`, or undefined when it does not match. */
export function parseDate(text: string, pattern: string, timeZone: string, locale: string): number | undefined {
  const setters: Array<(value: string, parts: Parts) => void> = [];
  let regex = "";
  for (const token of tokens(pattern)) {
    if ("literal" in token) {
      regex += escape(token.literal);
      continue;
    }
    const { letter, count } = token;
    // Two or more letters: exactly that many digits; one letter: one or two digits (Java's "d", "M", "H"...).
    const number = (field: "month" | "day" | "hour" | "hour12" | "minute" | "second") => {
      regex += count >= 2 ? `(\\d{${count}})` : "(\\d{1,2})";
      setters.push((v, p) => {
        p[field] = Number(v);
      });
    };
    switch (letter) {
      case "y":
      case "u":
        if (count === 2) {
          regex += "(\\d{2})";
          setters.push((v, p) => (p.year = 2000 + Number(v)));
        } else {
          regex += "(\\d{4,9})";
          setters.push((v, p) => (p.year = Number(v)));
        }
        break;
      case "M":
      case "L":
        if (count >= 3) {
          const list = names(locale, "month", count === 3 ? "short" : "long");
          regex += `(${list.map(escape).join("|")})`;
          setters.push((v, p) => (p.month = list.findIndex((n) => n.toLowerCase() === v.toLowerCase()) + 1));
        } else number("month");
        break;
      case "d":
        number("day");
        break;
      case "H":
        number("hour");
        break;
      case "h":
        number("hour12");
        break;
      case "m":
        number("minute");
        break;
      case "s":
        number("second");
        break;
      case "S":
        regex += `(\\d{${count}})`;
        setters.push((v, p) => (p.millis = Math.floor(Number(`0.${v}`) * 1000)));
        break;
      case "a":
        regex += "(AM|PM|am|pm)";
        setters.push((v, p) => (p.pm = v.toUpperCase() === "PM"));
        break;
      case "E": {
        const list = names(locale, "weekday", count >= 4 ? "long" : "short");
        regex += `(?:${list.map(escape).join("|")})`;
        break;
      }
      case "Z":
      case "X":
      case "x":
        regex += "(Z|[+-]\\d{2}:?\\d{2}|[+-]\\d{2})";
        setters.push((v, p) => (p.offsetMinutes = offsetOf(v)));
        break;
      case "z":
      case "V":
        regex += "(UTC|GMT|Z)";
        setters.push((_v, p) => (p.offsetMinutes = 0));
        break;
      default:
        throw new TransformationFailed(`pattern letter ${letter} is not supported`);
    }
  }
  const match = new RegExp(`^${regex}$`).exec(text);
  if (!match) return undefined;
  const parts: Parts = {};
  setters.forEach((set, i) => set(match[i + 1], parts));
  const hour = parts.hour ?? (parts.hour12 !== undefined ? (parts.hour12 % 12) + (parts.pm ? 12 : 0) : 0);
  const local = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, hour, parts.minute ?? 0, parts.second ?? 0, parts.millis ?? 0);
  if (Number.isNaN(local)) return undefined;
  if (parts.offsetMinutes !== undefined) return local - parts.offsetMinutes * 60_000;
  // A local time in a zone: its offset at that instant (checked once more across a change of offset).
  const first = local - zoneOffsetMinutes(timeZone, local) * 60_000;
  return local - zoneOffsetMinutes(timeZone, first) * 60_000;
}

/** `epochMs` written with `pattern` in a time zone and locale. */
export function formatDate(epochMs: number, pattern: string, timeZone: string, locale: string): string {
  const offset = zoneOffsetMinutes(timeZone, epochMs);
  const t = new Date(epochMs + offset * 60_000);
  const pad = (n: number, width: number) => String(n).padStart(width, "0");
  let out = "";
  for (const token of tokens(pattern)) {
    if ("literal" in token) {
      out += token.literal;
      continue;
    }
    const { letter, count } = token;
    switch (letter) {
      case "y":
      case "u":
        out += count === 2 ? pad(t.getUTCFullYear() % 100, 2) : pad(t.getUTCFullYear(), count);
        break;
      case "M":
      case "L":
        out += count >= 3 ? names(locale, "month", count === 3 ? "short" : "long")[t.getUTCMonth()] : pad(t.getUTCMonth() + 1, count);
        break;
      case "d":
        out += pad(t.getUTCDate(), count);
        break;
      case "H":
        out += pad(t.getUTCHours(), count);
        break;
      case "h":
        out += pad(t.getUTCHours() % 12 === 0 ? 12 : t.getUTCHours() % 12, count);
        break;
      case "m":
        out += pad(t.getUTCMinutes(), count);
        break;
      case "s":
        out += pad(t.getUTCSeconds(), count);
        break;
      case "S":
        out += pad(t.getUTCMilliseconds(), 3).padEnd(count, "0").slice(0, count);
        break;
      case "a":
        out += t.getUTCHours() < 12 ? "AM" : "PM";
        break;
      case "E":
        out += names(locale, "weekday", count >= 4 ? "long" : "short")[t.getUTCDay()];
        break;
      case "Z":
        out += offsetText(offset, false);
        break;
      case "X":
        out += offset === 0 ? "Z" : offsetText(offset, count >= 3);
        break;
      case "x":
        out += offsetText(offset, count >= 3);
        break;
      case "z":
      case "V":
        out += timeZone;
        break;
      default:
        throw new TransformationFailed(`pattern letter ${letter} is not supported`);
    }
  }
  return out;
}

function offsetOf(text: string): number {
  if (text === "Z") return 0;
  const sign = text.startsWith("-") ? -1 : 1;
  const digits = text.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || "0"));
}

function offsetText(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `${sign}${hh}${colon ? ":" : ""}${mm}`;
}

/** A zone's offset from UTC at an instant, in minutes ("UTC", IANA names, or "+05:30"). */
export function zoneOffsetMinutes(timeZone: string, epochMs: number): number {
  if (/^(UTC|GMT|Z)$/i.test(timeZone)) return 0;
  if (/^[+-]\d{2}:?\d{2}$/.test(timeZone)) return offsetOf(timeZone);
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" }).formatToParts(epochMs);
  } catch {
    throw new TransformationFailed(`unknown time zone ${timeZone}`);
  }
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
}
