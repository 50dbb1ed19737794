import { createReadStream } from 'node:fs'
import { sendTestAlert } from '../alerts/index.js'
import { buildApi, createTokenService } from '../api/index.js'
import type { GlobalOptions, RunningServer, ServeOptions } from '../cli/index.js'
import { AppError, type Logger } from '../core/index.js'
import type { Config } from '../platform/config/index.js'
import { createQueryService, createSavedQueries, searchIndicators } from '../lake/index.js'
import { createSourceCheckpoints } from '../platform/store/index.js'
import {
  pushSources,
  startSources,
  submitStream,
  trackSubmits,
  withSourceMetrics,
} from '../sources/index.js'
import { alertEvents } from './alert-events.js'
import { contentPaths, version } from './paths.js'
import { scheduleRetention } from './retention-schedule.js'
import { openRuntime, publicUrl, type Runtime } from './runtime.js'

/** Starts the API, the delivery worker and (with --demo) the demo data; resolves once listening. */
export async function serve(
  config: Config,
  options: GlobalOptions & ServeOptions,
  logger: Logger,
): Promise<RunningServer> {
  // Alert links use the configured public URL, else the address actually bound (port 0 picks one).
  let boundUrl = publicUrl(config)
  const runtime = await openRuntime(config, logger, () => boundUrl)
  const tokens = createTokenService(runtime.store.db)
  try {
    const adminToken = await tokens.ensureAdminToken()
    const app = await buildApi({
      version,
      logger,
      sources: pushSources(runtime.sources),
      allSources: runtime.sources,
      sink: trackSubmits(runtime.sink, runtime.sources),
      tokens,
      alerts: runtime.alerts,
      failures: runtime.failures,
      queries: createQueryService({ reader: runtime.lakeReader }),
      savedQueries: createSavedQueries(runtime.store.db),
      search: (values, searchOptions) =>
        searchIndicators(runtime.lakeReader, values, searchOptions),
      destinations: runtime.catalog,
      alertEvents: async (id, limit, cursor) => {
        const alert = await runtime.alerts.get(id)
        if (alert === undefined) throw new AppError('NOT_FOUND', `No alert ${id}`)
        return alertEvents(runtime.lakeReader, alert, limit, cursor)
      },
      testDestination: (id) => sendTestAlert(runtime.destinations, id, `${boundUrl}/alerts/test`),
      metrics: withSourceMetrics(runtime.metrics, runtime.sources),
      maxBodyBytes: config.server.maxBodyBytes,
    })
    const host = options.host ?? config.server.host
    const port = options.port ?? config.server.port
    await app.listen({ host, port })
    const address = app.server.address()
    const boundPort = typeof address === 'object' && address !== null ? address.port : port
    const url = `http://${displayHost(host)}:${boundPort}`
    if (config.server.publicUrl === undefined) boundUrl = url
    runtime.delivery.start()
    const stopRetention = scheduleRetention(config, logger, runtime.metrics)
    const demo = options.demo ? await ingestDemo(runtime) : undefined
    // Listeners and pollers (syslog, file, s3) start once the pipeline is ready to take batches.
    const checkpoints = createSourceCheckpoints(runtime.store.db)
    const sources = startSources(runtime.sources.values(), runtime.sink, checkpoints, logger)

    let resolveClosed: () => void = () => undefined
    const closed = new Promise<void>((resolve) => (resolveClosed = resolve))
    let closing: Promise<void> | undefined
    const close = () => {
      closing ??= (async () => {
        logger.info({}, 'Shutting down')
        stopRetention()
        await sources.stop()
        await app.close()
        await runtime.close()
        resolveClosed()
      })()
      return closing
    }
    logger.info(
      { host, port: boundPort, logTypes: runtime.logTypes.list().length },
      'Caracal is listening',
    )
    return { url, adminToken, demo, closed, close }
  } catch (err) {
    await runtime.close()
    throw err
  }
}

/** Runs the bundled sample CloudTrail events through the pipeline as source `demo`. */
async function ingestDemo(runtime: Runtime) {
  const totals = await submitStream(runtime.sink, createReadStream(contentPaths.demoCloudTrail), {
    sourceId: 'demo',
    logType: 'AWS.CloudTrail',
    batchSize: 500,
  })
  const page = await runtime.alerts.list({ limit: Math.max(1, totals.alertsOpened) })
  const alerts = page.alerts.slice(0, totals.alertsOpened).map((a) => ({
    id: a.id,
    severity: a.severity,
    title: a.title,
    eventCount: a.eventCount,
  }))
  return { events: totals.parsed, failed: totals.failed, alertsOpened: totals.alertsOpened, alerts }
}

function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost'
  return host.includes(':') ? `[${host}]` : host
}
