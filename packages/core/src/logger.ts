import pc from "picocolors";

/** Terminal logging, colored as the CLI's own output is (picocolors: a TTY, FORCE_COLOR or CI; never with NO_COLOR). Quiet in tests. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

export const silentLogger: Logger = {
  info() {},
  warn() {},
  error() {},
  debug() {},
};

export function consoleLogger(options: { debug?: boolean; stream?: NodeJS.WritableStream } = {}): Logger {
  const out = options.stream ?? process.stderr;
  const write = (line: string) => out.write(`${line}\n`);
  return {
    info: write,
    warn: (m) => write(pc.yellow(`⚠ ${m}`)),
    error: (m) => write(pc.red(`✖ ${m}`)),
    debug: (m) => {
      if (options.debug) write(pc.dim(m));
    },
  };
}
