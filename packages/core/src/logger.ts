/** Terminal logging, colored when the stream is a TTY. Quiet in tests. */
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
    warn: (m) => write(`\x1b[33m⚠ ${m}\x1b[39m`),
    error: (m) => write(`\x1b[31m✖ ${m}\x1b[39m`),
    debug: (m) => {
      if (options.debug) write(`\x1b[2m${m}\x1b[22m`);
    },
  };
}
