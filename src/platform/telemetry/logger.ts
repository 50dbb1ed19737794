import { pino, type DestinationStream } from 'pino'
import type { Logger } from '../../core/index.js'

/** Field names whose values are secrets: pino replaces them before the line is written. */
export const redactedPaths = [
  'token',
  'secret',
  'password',
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.token',
  '*.secret',
  '*.password',
  'config.*.token',
  'config.*.secret',
]

export interface LoggerOptions {
  level: string
  /** Where lines go; defaults to stderr so stdout stays free for command output. */
  destination?: DestinationStream
}

/** Builds the root logger; components take `logger.child({ component_id, component_type })`. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    { level: options.level, redact: { paths: redactedPaths, censor: '[redacted]' }, base: null },
    options.destination ?? pino.destination(2),
  )
}

/** A logger that drops everything: for tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' })
}
