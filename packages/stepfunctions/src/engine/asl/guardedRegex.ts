/**
 * JSONata's regular expressions ($match, $replace, $split, $contains, "~>") run on core's
 * deadline worker (runRegex): /(a+)+b/ against forty "a"s ran for hours on the sandbox's thread.
 * jsonata calls its RegexEngine synchronously, through exec and lastIndex; past the deadline the
 * evaluation fails with jsonata's own timeout error (D1012).
 */
import { RegexTimedOut, runRegex } from "@sam-sandbox/core";
import { JSONATA_REGEX_TIMEOUT_MS } from "../../limits.js";

/** The RegexEngine jsonata is given: the RegExp surface it uses (exec and lastIndex). */
export class GuardedRegExp {
  lastIndex = 0;
  private readonly source: string;
  private readonly flags: string;

  constructor(pattern: RegExp | string, flags?: string) {
    const re = new RegExp(pattern, flags);
    this.source = re.source;
    // jsonata matches from lastIndex onwards: the expression is global as it makes it.
    this.flags = re.flags.includes("g") ? re.flags : `${re.flags}g`;
  }

  exec(text: string): RegExpExecArray | null {
    let reply;
    try {
      reply = runRegex({ op: "exec", source: this.source, flags: this.flags, text, lastIndex: this.lastIndex }, JSONATA_REGEX_TIMEOUT_MS);
    } catch (error) {
      if (error instanceof RegexTimedOut) throw { code: "D1012", value: JSONATA_REGEX_TIMEOUT_MS };
      throw new Error((error as Error).message);
    }
    this.lastIndex = reply.lastIndex;
    if (reply.match === null) return null;
    const match = reply.match as RegExpExecArray;
    match.index = reply.index;
    match.input = text;
    return match;
  }
}
