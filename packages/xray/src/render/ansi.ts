/** Terminal colors, written by hand: the renderer depends on nothing but core. */

export type Paint = (text: string) => string;

const plain: Paint = (text) => text;

function sgr(open: number, close: number): Paint {
  return (text) => `\x1b[${open}m${text}\x1b[${close}m`;
}

export interface Palette {
  ok: Paint;
  error: Paint;
  throttle: Paint;
  fault: Paint;
  dim: Paint;
  bold: Paint;
}

export function palette(color: boolean): Palette {
  if (!color) return { ok: plain, error: plain, throttle: plain, fault: plain, dim: plain, bold: plain };
  return { ok: sgr(32, 39), error: sgr(33, 39), throttle: sgr(35, 39), fault: sgr(31, 39), dim: sgr(2, 22), bold: sgr(1, 22) };
}

/** Status of a segment or trace, for coloring: fault wins over throttle over error. */
export type Status = "ok" | "error" | "throttle" | "fault";

export function statusOf(flags: { fault?: unknown; throttle?: unknown; error?: unknown }): Status {
  if (flags.fault === true) return "fault";
  if (flags.throttle === true) return "throttle";
  if (flags.error === true) return "error";
  return "ok";
}

/** "12.3 ms" under a second, "1.25 s" above. */
export function formatDuration(seconds: number): string {
  return seconds < 1 ? `${(seconds * 1000).toFixed(1)} ms` : `${seconds.toFixed(2)} s`;
}

/** Cuts text to width with an ellipsis, then pads it. */
export function fit(text: string, width: number): string {
  const chars = [...text];
  if (chars.length > width) return `${chars.slice(0, Math.max(0, width - 1)).join("")}…`;
  return text + " ".repeat(width - chars.length);
}

export function padStart(text: string, width: number): string {
  const length = [...text].length;
  return length >= width ? text : " ".repeat(width - length) + text;
}
