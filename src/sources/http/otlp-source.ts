import { AppError } from '../../core/index.js'
import type { HttpSource } from './http-source.js'

/** The header an OTLP sender names its Caracal source with (the collector's `headers:`). */
export const sourceHeader = 'x-caracal-source'

/**
 * The source `POST /v1/logs` feeds: the one named by `X-Caracal-Source`, else the only source
 * with `otlp: true`. Throws SOURCE_NOT_FOUND saying which of the two to fix.
 */
export function otlpSource(
  sources: ReadonlyMap<string, HttpSource>,
  named: string | string[] | undefined,
): HttpSource {
  const id = Array.isArray(named) ? named[0] : named
  if (id !== undefined) {
    const source = sources.get(id)
    if (source === undefined) {
      throw new AppError('SOURCE_NOT_FOUND', `No HTTP source ${JSON.stringify(id)}`, {
        details: { known: [...sources.keys()] },
      })
    }
    return source
  }
  const otlp = [...sources.values()].filter((s) => s.otlp)
  if (otlp.length === 1 && otlp[0] !== undefined) return otlp[0]
  throw new AppError(
    'SOURCE_NOT_FOUND',
    otlp.length === 0
      ? 'No source receives OTLP logs: set `otlp: true` on an http source, or send X-Caracal-Source: <id>'
      : `Several sources receive OTLP logs (${otlp.map((s) => s.id).join(', ')}): send X-Caracal-Source: <id>`,
  )
}
