/** One-line, prefixed logs on stderr, so a supervised process tree reads as one story. */
type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export function createLogger(
  name: string,
  level: Level = (process.env.LOG_LEVEL as Level) ?? 'info',
): Logger {
  const min = ORDER[level] ?? ORDER.info;
  const write = (l: Level) => (msg: string) => {
    if (ORDER[l] >= min)
      process.stderr.write(`[${name}] ${l === 'info' ? '' : `${l.toUpperCase()} `}${msg}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
