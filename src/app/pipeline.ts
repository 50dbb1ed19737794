import { performance } from 'node:perf_hooks'
import {
  formatEventTime,
  type Alert,
  type BatchReport,
  type BatchSink,
  type DetectionEngine,
  type DetectionResult,
  type DetectionMeta,
  type EventRecord,
  type LakeTable,
  type LakeWriter,
  type LogType,
  type Logger,
  type Metrics,
  type RawBatch,
  type RuleError,
  type RuleMatch,
} from '../core/index.js'
import { ruleErrorBatchScope } from '../detections/index.js'
import { Classifier, classifyBatch, parseBatch, type LogTypeRegistry } from '../logs/index.js'
import { tablesOf } from './lake-tables.js'

/** The part of the alert service the pipeline uses. */
export interface AlertRecorder {
  recordMatches(
    matches: readonly RuleMatch[],
    detections: ReadonlyMap<string, DetectionMeta>,
    batch?: { key: string; skipIfRecorded: boolean },
  ): Promise<{ opened: Alert[]; updated: Alert[] }>
}

/**
 * What a replay after a crash needs to write each row once: the keys of a batch's rows a table
 * already holds (`p_row_id`, plus `p_rule_id` in the match and error tables; see `rowKey`).
 */
export interface RowDedupe {
  existing(table: LakeTable, batchId: string): Promise<ReadonlySet<string>>
}

/** A row's identity in its table: one event may match (or fail) several rules. */
export function rowKey(table: LakeTable, row: EventRecord): string {
  const id = String(row.p_row_id)
  return table.database === 'rules' || table.database === 'rule_errors'
    ? `${id}\u0000${String(row.p_rule_id)}`
    : id
}

/** How one batch runs: its id, and for a replay after a crash, the deduplication. */
interface BatchRun {
  batchId: string
  dedupe: RowDedupe | undefined
}

/** A batch whose alerts are recorded; `written` settles once its rows are durable in the lake. */
export interface StartedBatch {
  report: BatchReport
  written: Promise<void>
}

/** Waits for a started batch's lake writes, then gives its report. */
async function written(started: Promise<StartedBatch>): Promise<BatchReport> {
  const { report, written: done } = await started
  await done
  return report
}

/** The stages a batch goes through, in order. */
export interface PipelineStages {
  logTypes: LogTypeRegistry
  engine: DetectionEngine
  lake: LakeWriter
  alerts: AlertRecorder
  sourceLabel: (sourceId: string) => string
  logger: Logger
  metrics: Metrics
}

/**
 * source → parse → detect → alerts → lake. `submit` resolves once every row of the batch (events,
 * failures, matches, errors) is durable in the lake, so a source may acknowledge it then.
 */
export class Pipeline implements BatchSink {
  private readonly detectionsById: ReadonlyMap<string, DetectionMeta>
  private readonly classifiers = new Map<string, Classifier>()

  constructor(private readonly stages: PipelineStages) {
    this.detectionsById = new Map(stages.engine.detections().map((d) => [d.id, d]))
  }

  submit(batch: RawBatch, signal?: AbortSignal): Promise<BatchReport> {
    return written(this.start(batch, signal))
  }

  /**
   * Runs a batch again after a crash: alerts it already recorded are not counted twice, and only
   * rows the lake does not hold yet are written. Streaming never pays for these checks.
   */
  recover(batch: RawBatch, dedupe: RowDedupe, signal?: AbortSignal): Promise<BatchReport> {
    return written(this.start(batch, signal, dedupe))
  }

  /**
   * Parses, detects and records the alerts of a batch, and starts its lake writes: resolves with
   * the report as soon as the alerts are recorded; `written` settles once every row is durable in
   * the lake. With `dedupe`, it is a replay after a crash (see `recover`).
   */
  async start(batch: RawBatch, signal?: AbortSignal, dedupe?: RowDedupe): Promise<StartedBatch> {
    const writes: Promise<void>[] = []
    try {
      const report = await this.run(batch, signal, { batchId: batch.id, dedupe }, writes)
      return { report, written: Promise.all(writes).then(() => undefined) }
    } catch (err) {
      // Writes already started must not turn into unhandled rejections.
      void Promise.allSettled(writes)
      throw err
    }
  }

  private async run(
    batch: RawBatch,
    signal: AbortSignal | undefined,
    batchRun: BatchRun,
    writes: Promise<void>[],
  ): Promise<BatchReport> {
    const { metrics } = this.stages
    const primary = this.stages.logTypes.find(batch.logType)
    const now = new Date()
    metrics.eventsIn('source', batch.sourceId, batch.records.length)

    const parseStart = performance.now()
    const sourceLabel = this.stages.sourceLabel(batch.sourceId)
    const context = { batchId: batch.id, sourceId: batch.sourceId, sourceLabel, now }
    const classifier = this.classifierOf(batch, primary)
    const { groups, unclassified } =
      classifier === undefined
        ? {
            groups: [{ logType: primary, ...parseBatch(primary, batch.records, context) }],
            unclassified: [],
          }
        : classifyBatch(classifier, batch.records, context)
    metrics.latency('parse', (performance.now() - parseStart) / 1000)
    metrics.eventsIn('parse', primary.name, batch.records.length)

    // Records no candidate accepted, and those framing refused, are kept under the source's
    // primary log type: their reason names every candidate tried.
    const unparsed = [...(batch.failures ?? []), ...unclassified]
    const primaryGroup = groups.find((g) => g.logType === primary)
    if (primaryGroup !== undefined) primaryGroup.failures.push(...unparsed)
    else if (unparsed.length > 0) groups.push({ logType: primary, events: [], failures: unparsed })

    const report: BatchReport = {
      batchId: batch.id,
      received: batch.records.length + (batch.failures?.length ?? 0),
      parsed: 0,
      failed: 0,
      matches: 0,
      ruleErrors: 0,
      alertsOpened: 0,
    }
    let failureRow = 0
    // Events of each log type go to its own table and detections.
    for (const group of groups) {
      const tables = tablesOf(group.logType)
      const name = group.logType.name
      metrics.eventsOut('parse', name, group.events.length)
      metrics.errors('parse', name, 'PARSE_FAILED', group.failures.length)
      if (group.events.length > 0) writes.push(this.write(tables.logs, group.events, batchRun))
      if (group.failures.length > 0) {
        this.stages.logger.warn(
          {
            sourceId: batch.sourceId,
            logType: name,
            failed: group.failures.length,
            reason: group.failures[0]?.reason,
          },
          'Records failed to parse; kept in classification_failures',
        )
        const failureRows = group.failures.map((f) => ({
          p_log_type: name,
          p_row_id: `${batch.id}-f${(failureRow++).toString(36)}`,
          p_event_time: formatEventTime(batch.receivedAt),
          p_parse_time: formatEventTime(context.now),
          p_source_id: batch.sourceId,
          p_source_label: sourceLabel,
          raw: f.raw,
          reason: f.reason,
        }))
        writes.push(this.write(tables.failures, failureRows, batchRun))
      }
      report.parsed += group.events.length
      report.failed += group.failures.length
      if (group.events.length === 0 && group.logType !== primary) continue
      const detected = await this.detect(group.logType, group.events, { signal, batch: batchRun })
      writes.push(...detected.writes)
      report.matches += detected.result.matches.length
      report.ruleErrors += detected.result.errors.length
      report.alertsOpened += detected.opened.length
    }
    return report
  }

  /**
   * The classifier of a batch with several candidates, one per source and candidate list so each
   * keeps what it learned about its source; undefined when the batch has one log type.
   */
  private classifierOf(batch: RawBatch, primary: LogType): Classifier | undefined {
    const names = [...new Set([batch.logType, ...(batch.candidates ?? [])])]
    if (names.length < 2) return undefined
    // The registry's revision is in the key: a custom log type updated while running gets a
    // fresh classifier instead of the one holding its previous version.
    const key = `${this.stages.logTypes.revision}\u0000${batch.sourceId}\u0000${names.join('\u0000')}`
    let classifier = this.classifiers.get(key)
    if (classifier === undefined) {
      const logTypes = names.map((n) =>
        n === primary.name ? primary : this.stages.logTypes.find(n),
      )
      classifier = new Classifier(logTypes)
      this.classifiers.set(key, classifier)
    }
    return classifier
  }

  /**
   * Runs the detections over parsed events, records alerts and starts writing matches and errors
   * to the lake (the returned writes settle when durable). Streaming and replay share it, so a
   * replay behaves exactly as streaming did. `ruleIds` keeps only those rules' results; `dryRun`
   * records and writes nothing.
   */
  async detect(
    logType: LogType,
    events: EventRecord[],
    options: {
      ruleIds?: ReadonlySet<string>
      dryRun?: boolean
      signal?: AbortSignal | undefined
      /** Marks the alerts with the batch (streaming), or deduplicates a replay after a crash. */
      batch?: BatchRun
    } = {},
  ): Promise<{ result: DetectionResult; opened: Alert[]; writes: Promise<void>[] }> {
    const { engine, alerts, metrics } = this.stages
    const tables = tablesOf(logType)
    const batch = options.batch
    // One key per batch and log type: a replay after a crash counts neither matches nor rule
    // errors (their RULE_ERROR alerts) a second time.
    const mark =
      batch === undefined
        ? undefined
        : { key: `${batch.batchId}|${logType.name}`, skipIfRecorded: batch.dedupe !== undefined }
    const evaluate = () => engine.evaluate(logType.name, events, options.signal)
    const evaluated = await (mark === undefined ? evaluate() : ruleErrorBatchScope(mark, evaluate))
    const keep = options.ruleIds
    const result =
      keep === undefined
        ? evaluated
        : {
            matches: evaluated.matches.filter((m) => keep.has(m.ruleId)),
            errors: evaluated.errors.filter((e) => keep.has(e.ruleId)),
          }
    if (options.dryRun === true) return { result, opened: [], writes: [] }
    const alertStart = performance.now()
    const grouped = await alerts.recordMatches(result.matches, this.detectionsById, mark)
    metrics.latency('alert', (performance.now() - alertStart) / 1000)
    const writes: Promise<void>[] = []
    if (result.matches.length > 0) {
      const rows = this.matchRows(result.matches, [...grouped.opened, ...grouped.updated])
      writes.push(this.write(tables.rules, rows, batch))
    }
    if (result.errors.length > 0)
      writes.push(this.write(tables.ruleErrors, errorRows(result.errors), batch))
    return { result, opened: grouped.opened, writes }
  }

  /** Writes rows to the lake; a replay after a crash leaves out those already there. */
  private async write(
    table: LakeTable,
    rows: readonly EventRecord[],
    batch: BatchRun | undefined,
  ): Promise<void> {
    const dedupe = batch?.dedupe
    if (dedupe === undefined || batch === undefined) {
      await this.stages.lake.write(table, rows)
      return
    }
    const existing = await dedupe.existing(table, batch.batchId)
    const missing = rows.filter((row) => !existing.has(rowKey(table, row)))
    if (missing.length > 0) await this.stages.lake.write(table, missing)
  }

  private matchRows(matches: readonly RuleMatch[], alerts: readonly Alert[]): EventRecord[] {
    const byKey = new Map(alerts.map((a) => [groupKey(a.ruleId, a.dedup), a]))
    return matches.map((m) => {
      const alert = byKey.get(groupKey(m.ruleId, m.dedup))
      const meta = this.detectionsById.get(m.ruleId)
      return {
        ...m.event,
        p_rule_id: m.ruleId,
        p_rule_version: m.ruleVersion,
        p_rule_severity: m.severity,
        p_rule_tags: meta?.tags ?? [],
        p_rule_reports: meta?.reports ?? {},
        p_alert_id: alert?.id ?? null,
        p_alert_title: m.title,
        p_alert_dedup: m.dedup,
        p_alert_context: m.alertContext,
        p_alert_creation_time: alert?.createdAt ?? null,
        p_alert_update_time: alert?.updatedAt ?? null,
      }
    })
  }
}

function errorRows(errors: readonly RuleError[]): EventRecord[] {
  return errors.map((e) => ({
    ...e.event,
    p_rule_id: e.ruleId,
    p_rule_version: e.ruleVersion,
    p_rule_error: e.message,
    p_rule_error_type: e.errorType,
    p_rule_function: e.functionName,
  }))
}

function groupKey(ruleId: string, dedup: string): string {
  return `${ruleId}\u0000${dedup}`
}
