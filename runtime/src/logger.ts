import { pino, stdSerializers, type Logger, type LoggerOptions, type DestinationStream } from 'pino';
import { redactCredentials } from '@argus/core';

export type { Logger } from 'pino';

/**
 * The one logger factory of every Argus process. Structured JSON (pino);
 * every string that reaches a line passes through credential redaction, so a
 * URL with `user:pass@` or a presigned signature never lands in a log even
 * when a library error message carries it.
 */
export function createLogger(options: { name: string; level?: string; destination?: DestinationStream }): Logger {
  const config: LoggerOptions = {
    name: options.name,
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    hooks: {
      streamWrite: (line: string) => redactCredentials(line),
    },
    serializers: {
      err: stdSerializers.err,
    },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
