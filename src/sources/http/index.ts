import type { Plugin } from '../../core/index.js'
import { httpSourceConfig } from './config.js'
import { HttpSource } from './http-source.js'

/** The `http` source plugin. */
export const httpSourcePlugin: Plugin<typeof httpSourceConfig, HttpSource> = {
  type: 'http',
  summary:
    'Receives logs pushed to POST /v1/ingest/<id> (NDJSON, JSON array, gzip/zstd) and OTLP/HTTP JSON at /v1/logs.',
  configSchema: httpSourceConfig,
  create: (config, context) => new HttpSource(context.id, config, context),
}
export { HttpSource }
export { otlpSource, sourceHeader } from './otlp-source.js'
export type { AuthVerdict } from './source-auth.js'
