import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs. Secrets never reach them: authorization headers, tokens and codes are
 * redacted by path, and request logs carry the path without its query string.
 */
export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'etape' },
      redact: {
        paths: ['token', 'code', 'password', '*.token', '*.code', '*.password', 'headers.authorization', 'req.headers.authorization'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
