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
  type LakeWriter,
  type LogType,
  type Logger,
  type Metrics,
  type RawBatch,
  type RuleError,
  type RuleMatch,
} from '../core/index.js'
import { parseBatch, type LogTypeRegistry } from '../logs/index.js'
import { tablesOf } from './lake-tables.js'

/** The part of the alert service the pipeline uses. */
export interface AlertRecorder {
  recordMatches(
    matches: readonly RuleMatch[],
    detections: ReadonlyMap<string, DetectionMeta>,
  ): Promise<{ opened: Alert[]; updated: Alert[] }>
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

  constructor(private readonly stages: PipelineStages) {
    this.detectionsById = new Map(stages.engine.detections().map((d) => [d.id, d]))
  }

  async submit(batch: RawBatch, signal?: AbortSignal): Promise<BatchReport> {
    const { lake, metrics } = this.stages
    const logType = this.stages.logTypes.find(batch.logType)
    const tables = tablesOf(logType)
    const now = new Date()
    metrics.eventsIn('source', batch.sourceId, batch.records.length)

    const parseStart = performance.now()
    const sourceLabel = this.stages.sourceLabel(batch.sourceId)
    const context = { batchId: batch.id, sourceId: batch.sourceId, sourceLabel, now }
    const parsed = parseBatch(logType, batch.records, context)
    metrics.latency('parse', (performance.now() - parseStart) / 1000)
    metrics.eventsIn('parse', logType.name, batch.records.length)
    metrics.eventsOut('parse', logType.name, parsed.events.length)
    metrics.errors('parse', logType.name, 'PARSE_FAILED', parsed.failures.length)
    if (parsed.failures.length > 0) {
      this.stages.logger.warn(
        {
          sourceId: batch.sourceId,
          logType: logType.name,
          failed: parsed.failures.length,
          reason: parsed.failures[0]?.reason,
        },
        'Records failed to parse; kept in classification_failures',
      )
    }

    const writes = [lake.write(tables.logs, parsed.events)]
    if (parsed.failures.length > 0) {
      const failureRows = parsed.failures.map((f, i) => ({
        p_log_type: logType.name,
        p_row_id: `${batch.id}-f${i.toString(36)}`,
        p_event_time: formatEventTime(batch.receivedAt),
        p_parse_time: formatEventTime(context.now),
        p_source_id: batch.sourceId,
        p_source_label: sourceLabel,
        raw: f.raw,
        reason: f.reason,
      }))
      writes.push(lake.write(tables.failures, failureRows))
    }

    const detected = await this.detect(logType, parsed.events, { signal })
    writes.push(...detected.writes)
    await Promise.all(writes)
    return {
      batchId: batch.id,
      received: batch.records.length,
      parsed: parsed.events.length,
      failed: parsed.failures.length,
      matches: detected.result.matches.length,
      ruleErrors: detected.result.errors.length,
      alertsOpened: detected.opened.length,
    }
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
    } = {},
  ): Promise<{ result: DetectionResult; opened: Alert[]; writes: Promise<void>[] }> {
    const { engine, lake, alerts, metrics } = this.stages
    const tables = tablesOf(logType)
    const evaluated = await engine.evaluate(logType.name, events, options.signal)
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
    const grouped = await alerts.recordMatches(result.matches, this.detectionsById)
    metrics.latency('alert', (performance.now() - alertStart) / 1000)
    const writes: Promise<void>[] = []
    if (result.matches.length > 0) {
      const rows = this.matchRows(result.matches, [...grouped.opened, ...grouped.updated])
      writes.push(lake.write(tables.rules, rows))
    }
    if (result.errors.length > 0)
      writes.push(lake.write(tables.ruleErrors, errorRows(result.errors)))
    return { result, opened: grouped.opened, writes }
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
