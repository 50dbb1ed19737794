import { sendTestAlert } from '../alerts/index.js'
import { buildApi, createTokenService } from '../api/index.js'
import type { GlobalOptions, RunningServer, ServeOptions } from '../cli/index.js'
import { AppError, type Logger } from '../core/index.js'
import type { Config } from '../platform/config/index.js'
import { createQueryService, createSavedQueries, searchIndicators } from '../lake/index.js'
import { pushSources, trackSubmits, withSourceMetrics } from '../sources/index.js'
import { alertEvents } from './alert-events.js'
import { ingestDemo } from './demo-data.js'
import { packServiceFor } from './detection-content.js'
import { logTypeService } from './log-type-service.js'
import { version } from './paths.js'
import { scheduleRetention } from './retention-schedule.js'
import { scheduleCompaction } from './compaction-schedule.js'
import { openScheduledQueries } from './scheduled-queries.js'
import { startPullSources } from './pull-sources.js'
import { dataPaths, openRuntime, publicUrl, type RuntimeHooks } from './runtime.js'

/** Starts the API, the delivery worker and (with --demo) the demo data; resolves once listening. */
export async function serve(
  config: Config,
  options: GlobalOptions & ServeOptions,
  logger: Logger,
  hooks: RuntimeHooks = {},
): Promise<RunningServer> {
  // Alert links use the configured public URL, else the address actually bound (port 0 picks one).
  let boundUrl = publicUrl(config)
  const runtime = await openRuntime(config, logger, () => boundUrl, hooks)
  const tokens = createTokenService(runtime.store.db)
  let scheduled: Awaited<ReturnType<typeof openScheduledQueries>> | undefined
  try {
    scheduled = await openScheduledQueries(runtime)
    const adminToken = await tokens.ensureAdminToken()
    const pushed = pushSources(runtime.sources)
    for (const source of pushed.values()) source.watchPressure(() => runtime.gate.overloaded)
    const app = await buildApi({
      version,
      logger,
      sources: pushed,
      allSources: runtime.sources,
      sink: trackSubmits(runtime.ingestSink, runtime.sources),
      admission: {
        tryHold: (bytes) => runtime.gate.tryHold(bytes),
        retryAfterSeconds: config.ingest.retryAfterSeconds,
      },
      tokens,
      alerts: runtime.alerts,
      failures: runtime.failures,
      queries: createQueryService({ reader: runtime.lakeReader }),
      savedQueries: createSavedQueries(runtime.store.db),
      packs: packServiceFor(config, runtime.store.db),
      logTypes: logTypeService(runtime),
      search: (values, searchOptions) =>
        searchIndicators(runtime.lakeReader, values, {
          ...searchOptions,
          lakeRoot: dataPaths(config).lake,
        }),
      scheduledQueries: scheduled.scheduler,
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
    scheduled.scheduler.start()
    const stopRetention = scheduleRetention(config, logger, runtime.metrics)
    const stopCompaction = await scheduleCompaction(
      config,
      dataPaths(config).lake,
      logger,
      runtime.metrics,
    )
    const demo = options.demo ? await ingestDemo(runtime) : undefined
    // Listeners and pollers (syslog, file, s3) start once the pipeline is ready to take batches.
    const sources = startPullSources(runtime, logger)

    let resolveClosed: () => void = () => undefined
    const closed = new Promise<void>((resolve) => (resolveClosed = resolve))
    let closing: Promise<void> | undefined
    const close = () => {
      closing ??= (async () => {
        logger.info({}, 'Shutting down')
        stopRetention()
        await stopCompaction()
        await scheduled?.close()
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
    await scheduled?.close()
    await runtime.close()
    throw err
  }
}

function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost'
  return host.includes(':') ? `[${host}]` : host
}
