import { tableName, type Logger, type Metrics } from '../core/index.js'
import { enforceRetention } from '../lake/index.js'
import type { Config } from '../platform/config/index.js'
import { dataPaths } from './runtime.js'

const everyMs = 60 * 60 * 1000

/**
 * Enforces the configured lake retention now and then hourly, for as long as the server runs.
 * Does nothing when no retention is configured.
 */
export function scheduleRetention(config: Config, logger: Logger, metrics: Metrics): () => void {
  const { retentionDays, retention } = config.lake
  if (retentionDays === undefined && Object.keys(retention).length === 0) return () => undefined
  const tables = Object.fromEntries(
    Object.entries(retention).map(([logType, days]) => [tableName(logType), days]),
  )
  const log = logger.child({ component_id: 'retention', component_type: 'lake' })
  const run = () => {
    enforceRetention(
      dataPaths(config).lake,
      { defaultDays: retentionDays, tables },
      new Date(),
      log,
      metrics,
    ).catch((err: unknown) => {
      log.error({ err }, 'Retention could not delete expired partitions; will try again')
    })
  }
  run()
  const timer = setInterval(run, everyMs)
  timer.unref()
  return () => {
    clearInterval(timer)
  }
}
