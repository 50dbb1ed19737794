import { Writable } from 'node:stream'
import { pino } from 'pino'
import type { Logger } from '../../src/core/index.js'
import { redactedPaths } from '../../src/platform/telemetry/index.js'

/** A pino logger at trace level writing to memory, configured like the real one. */
export function captureLogger(): { logger: Logger; text: () => string; lines: () => unknown[] } {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'))
      done()
    },
  })
  const logger = pino(
    { level: 'trace', redact: { paths: redactedPaths, censor: '[redacted]' }, base: null },
    stream,
  )
  const text = () => chunks.join('')
  return {
    logger,
    text,
    lines: () =>
      text()
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as unknown),
  }
}
