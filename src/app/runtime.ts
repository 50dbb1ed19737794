import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import {
  openDestinationCatalog,
  type DestinationCatalog,
  createAlertService,
  createDeliveryWorker,
  type AlertService,
  type DeliveryWorker,
} from '../alerts/index.js'
import {
  AppError,
  type BatchSink,
  type DetectionEngine,
  type Destination,
  type LakeWriter,
  type Logger,
} from '../core/index.js'
import {
  createCompositeEngine,
  createPythonEngine,
  createTypeScriptEngine,
  DetectionHealth,
  StoreDetectionState,
  withAutoDisable,
  withRuleErrorSink,
} from '../detections/index.js'
import {
  createParquetLake,
  openLakeReader,
  type LakeReader,
  type ParquetLake,
} from '../lake/index.js'
import {
  CustomSchemas,
  formatSchemaError,
  loadLogTypes,
  StoreSchemaVersions,
  type LogTypeRegistry,
} from '../logs/index.js'
import type { Config } from '../platform/config/index.js'
import { SecretBox } from '../platform/secrets/index.js'
import { openStore, type Store } from '../platform/store/index.js'
import { PrometheusMetrics } from '../platform/telemetry/index.js'
import { buildSources, type AnySource } from '../sources/index.js'
import { loadConfiguredDetections } from './detection-content.js'
import { DurableSink } from './durable-sink.js'
import { IngestGate } from './ingest-gate.js'
import { settledReader } from './settled-reader.js'
import { createFailureQueries, type FailureQueries } from './failure-queries.js'
import { lakeRowDedupe } from './lake-dedupe.js'
import { Pipeline } from './pipeline.js'
import { Spool } from './spool.js'

/** Everything Caracal runs, built from the config; `close()` stops it in reverse order. */
export interface Runtime {
  config: Config
  logger: Logger
  metrics: PrometheusMetrics
  store: Store
  lake: ParquetLake
  lakeReader: LakeReader
  engine: DetectionEngine
  alerts: AlertService
  delivery: DeliveryWorker
  destinations: ReadonlyMap<string, Destination>
  catalog: DestinationCatalog
  sources: Map<string, AnySource>
  logTypes: LogTypeRegistry
  /** Accepted versions of custom schemas (the evolution rule); puts go live in `logTypes`. */
  customSchemas: CustomSchemas
  pipeline: Pipeline
  /**
   * Where sources hand batches: the pipeline behind the write-ahead spool (`spool.enabled`), so
   * an acknowledged batch survives a crash; the bare pipeline otherwise.
   */
  sink: BatchSink
  /**
   * Where the HTTP ingest route hands batches: with the spool on, it acknowledges once a batch is
   * spooled and its alerts recorded, lake writes going on behind (bounded by `gate`).
   */
  ingestSink: BatchSink
  /** The memory bound of HTTP ingestion (config `ingest`): over it, HTTP answers 503. */
  gate: IngestGate
  failures: FailureQueries
  close(): Promise<void>
}

/** Paths inside the data directory. */
export function dataPaths(config: Config) {
  return {
    store: join(config.data, 'caracal.db'),
    lake: join(config.data, 'lake'),
    spool: join(config.data, 'spool'),
  }
}

/** What tests and benchmarks may put into a real runtime. */
export interface RuntimeHooks {
  /** Wraps the lake writer the pipeline writes to (a deliberately slow one, say). */
  lake?: (lake: LakeWriter) => LakeWriter
}

/** Builds the runtime: store (migrated), lake, detections, alerts, sources, pipeline. */
export async function openRuntime(
  config: Config,
  logger: Logger,
  alertLinkBase: () => string = () => publicUrl(config),
  hooks: RuntimeHooks = {},
): Promise<Runtime> {
  const metrics = new PrometheusMetrics()
  const context = (section: string) => (id: string, type: string) => ({
    id,
    logger: logger.child({ component_id: id, component_type: `${section}.${type}` }),
    metrics,
  })
  // Config problems surface before anything opens.
  const sources = buildSources(config.sources, context('source'))
  const logTypes = loadRegistry(config, logger)

  const closers: (() => Promise<void>)[] = []
  const closeAll = async () => {
    for (const close of closers.reverse()) await close()
  }
  try {
    const paths = dataPaths(config)
    const store = await openStore({ kind: 'sqlite', path: paths.store })
    closers.push(() => store.close())
    const customSchemas = await acceptCustomSchemas(logTypes, store, logger)
    const catalog = await openDestinationCatalog({
      db: store.db,
      box: secretBox(config, logger),
      config: config.destinations,
      context: context('destination'),
    })
    const lake = await createParquetLake({
      root: paths.lake,
      flushIntervalMs: config.lake.flushIntervalMs,
      maxBufferRows: config.lake.maxBufferRows,
      logger: logger.child({ component_id: 'lake', component_type: 'lake' }),
      metrics,
    })
    closers.push(() => lake.close())
    const lakeReader = await openLakeReader({ root: paths.lake })
    closers.push(() => lakeReader.close())
    const started = await startEngine(config, logger, metrics, store)
    closers.push(() => started.close())
    // A detection that keeps being killed is disabled (stored, so it stays so across restarts).
    const detector = await withAutoDisable(started, {
      after: config.detections.autoDisableAfter,
      health: new DetectionHealth(store.db),
      logger: logger.child({ component_id: 'detections', component_type: 'detections' }),
      metrics,
    })
    const alerts = createAlertService({
      db: store.db,
      logger: logger.child({ component_id: 'alerts', component_type: 'alerts' }),
      metrics,
      destinations: catalog.routes,
    })
    // Rule errors also open RULE_ERROR alerts, grouped by (rule, exception type).
    const metasById = new Map(detector.detections().map((d) => [d.id, d]))
    const engine = withRuleErrorSink(detector, (errors, batch) =>
      alerts.recordRuleErrors(errors, metasById, batch),
    )
    const delivery = createDeliveryWorker({
      db: store.db,
      destinations: catalog.destinations,
      alertLink: (id) => `${alertLinkBase()}/alerts/${id}`,
      logger: logger.child({ component_id: 'delivery', component_type: 'delivery' }),
      metrics,
      pollIntervalMs: config.delivery.pollIntervalMs,
      giveUpAfterMs: config.delivery.giveUpAfterMinutes * 60_000,
      ...(config.delivery.maxAttempts === undefined
        ? {}
        : { maxAttempts: config.delivery.maxAttempts }),
    })
    closers.push(() => delivery.stop())
    const pipeline = new Pipeline({
      logTypes,
      engine,
      lake: hooks.lake === undefined ? lake : hooks.lake(lake),
      alerts,
      sourceLabel: (id) => sources.get(id)?.label ?? id,
      logger: logger.child({ component_id: 'pipeline', component_type: 'pipeline' }),
      metrics,
    })
    const gate = new IngestGate(config.ingest, metrics)
    const durable = config.spool.enabled
      ? await openDurableSink(paths.spool, pipeline, lakeReader, logger, closers, gate)
      : undefined
    const sink = durable ?? pipeline
    // Reads wait for acknowledged batches to reach the lake; replays use the bare reader.
    const reader =
      durable === undefined ? lakeReader : settledReader(lakeReader, () => durable.settled())
    const failures = createFailureQueries(reader)
    return {
      config,
      logger,
      metrics,
      store,
      lake,
      lakeReader: reader,
      engine,
      alerts,
      delivery,
      destinations: catalog.destinations,
      catalog,
      sources,
      logTypes,
      customSchemas,
      pipeline,
      sink,
      ingestSink:
        config.ingest.acknowledge === 'spool' && durable !== undefined
          ? durable.acknowledging()
          : sink,
      gate,
      failures,
      close: closeAll,
    }
  } catch (err) {
    await closeAll()
    throw err
  }
}

/** Opens the spool and replays what a crash left in it, before any new batch is taken. */
async function openDurableSink(
  root: string,
  pipeline: Pipeline,
  lakeReader: LakeReader,
  logger: Logger,
  closers: (() => Promise<void>)[],
  gate: IngestGate,
): Promise<DurableSink> {
  const log = logger.child({ component_id: 'spool', component_type: 'spool' })
  const { spool, recovery } = await Spool.open({ root, logger: log })
  closers.push(() => spool.close())
  const sink = new DurableSink(spool, pipeline, lakeRowDedupe(lakeReader), log, gate)
  // Closers run in reverse: acknowledged batches reach the lake before the spool closes.
  closers.push(() => sink.settled())
  await sink.recover(recovery)
  return sink
}

async function startEngine(
  config: Config,
  logger: Logger,
  metrics: PrometheusMetrics,
  store: Store,
) {
  // Built-in content, configured folders and installed packs (with their enabled state).
  const { typescript: loaded, panther } = await loadConfiguredDetections(config, store.db)
  const log = logger.child({ component_id: 'detections', component_type: 'detections' })
  // Both loaders walk the same folders: report an unreadable folder once.
  const errors = [
    ...loaded.errors,
    ...panther.errors.filter((e) => !e.message.startsWith('cannot read the directory')),
  ]
  for (const problem of errors) {
    log.error({ file: problem.file, problem: problem.message }, 'Detection not loaded')
  }
  const count = loaded.detections.length + panther.detections.length
  if (count === 0 && errors.length > 0) {
    throw new AppError('DETECTION_INVALID', 'No detection could be loaded', { details: errors })
  }
  log.info({ loaded: count, failed: errors.length }, 'Detections loaded')
  const workers = config.detections.workers ?? Math.max(1, availableParallelism())
  const common = { workers, timeoutMs: config.detections.timeoutMs, logger: log, metrics }
  const ts = await createTypeScriptEngine({ detections: loaded.detections, ...common })
  // No Python process is started unless Panther-format detections were found.
  if (panther.detections.length === 0) return ts
  try {
    const { interpreter, memoryMb } = config.detections.python
    const python = await createPythonEngine({
      ...panther,
      ...common,
      memoryMb,
      // Caching helpers' counters and sets live in the store: they survive restarts.
      state: new StoreDetectionState(store.db),
      ...(interpreter === undefined ? {} : { interpreter }),
    })
    return createCompositeEngine([ts, python])
  } catch (err) {
    await ts.close()
    throw err
  }
}

/** The base URL of alert links. */
export function publicUrl(config: Config): string {
  return (config.server.publicUrl ?? `http://${config.server.host}:${config.server.port}`).replace(
    /\/$/,
    '',
  )
}

/** Built-in and custom log types; a broken schema is logged with file, line and path, and skipped. */
function loadRegistry(config: Config, logger: Logger): LogTypeRegistry {
  const registry = loadLogTypes(config.logTypes.dirs)
  const log = logger.child({ component_id: 'log-types', component_type: 'logs' })
  for (const error of registry.errors) {
    log.error({ problem: formatSchemaError(error) }, 'Log type schema not loaded')
  }
  return registry
}

/**
 * Checks folder schemas against their accepted versions in the store (Panther's evolution rule).
 * A refused update leaves the log type on its last accepted version; each offending field is
 * logged here and listed with the load errors (`GET /v1/log-types`).
 */
async function acceptCustomSchemas(
  registry: LogTypeRegistry,
  store: Store,
  logger: Logger,
): Promise<CustomSchemas> {
  const customSchemas = new CustomSchemas({ registry, store: new StoreSchemaVersions(store.db) })
  const log = logger.child({ component_id: 'log-types', component_type: 'logs' })
  for (const problem of await customSchemas.reconcile()) {
    log.error(
      {
        file: problem.file,
        log_type: problem.logType,
        kept_version: problem.keptVersion,
        fields: problem.issues.map((i) => `${i.path} (${i.kind})`),
      },
      'Custom log type update refused: a new version may add fields, never remove or retype them',
    )
  }
  return customSchemas
}

/** The key sealing stored secrets: from the config, else a key file made on first use. */
function secretBox(config: Config, logger: Logger): () => SecretBox {
  let box: SecretBox | undefined
  return () => {
    if (box !== undefined) return box
    const opened = SecretBox.open(config.secrets.key, join(config.data, 'secrets.key'))
    if (opened.created) {
      logger.warn(
        { file: join(config.data, 'secrets.key') },
        'Created a key to seal stored secrets; back it up, or set secrets.key instead',
      )
    }
    box = opened.box
    return box
  }
}
