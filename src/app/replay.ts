import { AppError, formatEventTime, tableName, type LogType } from '../core/index.js'
import { ruleErrorAlertScope } from '../detections/index.js'
import { WouldOpenAlerts } from './replay-groups.js'
import type { Runtime } from './runtime.js'

/** What to replay. */
export interface ReplayOptions {
  from: Date
  to: Date
  /** Only these rules' results (default: every enabled rule). */
  rules?: readonly string[]
  /** Only these log types (default: every log type with stored events). */
  logTypes?: readonly string[]
  /** Report what would have happened; create nothing. */
  dryRun: boolean
  onProgress?: (progress: { events: number; matches: number; seconds: number }) => void
  signal?: AbortSignal
}

/** What a replay found, per rule. */
export interface ReplayReport {
  events: number
  matches: number
  ruleErrors: number
  alertsOpened: number
  seconds: number
  /** Per rule; `alertGroups` counts the alerts its matches open under its threshold and window. */
  rules: { ruleId: string; matches: number; alertGroups: number; sampleTitles: string[] }[]
}

/**
 * Runs detections again over stored events of a time range, through the same detect step as
 * streaming (Pipeline.detect): a dry run counts what would have fired, a real run opens alerts and
 * writes rule matches as streaming would have.
 */
export async function replay(runtime: Runtime, options: ReplayOptions): Promise<ReplayReport> {
  if (!(options.from < options.to)) {
    throw new AppError('VALIDATION_FAILED', '--from must be before --to')
  }
  const started = Date.now()
  const types = await logTypesToReplay(runtime, options.logTypes)
  const ruleIds = options.rules === undefined ? undefined : new Set(options.rules)
  const perRule = new Map<string, { matches: number; titles: string[] }>()
  const metas = new Map(runtime.engine.detections().map((d) => [d.id, d]))
  const wouldOpen = new WouldOpenAlerts((id) => metas.get(id))
  const totals = { events: 0, matches: 0, ruleErrors: 0, alertsOpened: 0 }
  const range = `'${formatEventTime(options.from)}', '${formatEventTime(options.to)}'`
  for (const logType of types) {
    const sql =
      `SELECT * EXCLUDE (year, month, day, hour) FROM panther_logs."${tableName(logType.name)}" ` +
      `WHERE p_occurs_between(${range})`
    await runtime.lakeReader.scan(
      sql,
      async (events) => {
        // RULE_ERROR alerts follow the replay: none in a dry run, only the replayed rules'.
        const scope = { record: !options.dryRun, ...(ruleIds === undefined ? {} : { ruleIds }) }
        const detected = await ruleErrorAlertScope(scope, () =>
          runtime.pipeline.detect(logType, events, {
            ...(ruleIds === undefined ? {} : { ruleIds }),
            dryRun: options.dryRun,
            signal: options.signal,
          }),
        )
        await Promise.all(detected.writes)
        totals.events += events.length
        totals.matches += detected.result.matches.length
        totals.ruleErrors += detected.result.errors.length
        totals.alertsOpened += detected.opened.length
        for (const match of detected.result.matches) {
          let rule = perRule.get(match.ruleId)
          if (rule === undefined) {
            rule = { matches: 0, titles: [] }
            perRule.set(match.ruleId, rule)
          }
          rule.matches += 1
          wouldOpen.add(match)
          if (rule.titles.length < 3 && !rule.titles.includes(match.title))
            rule.titles.push(match.title)
        }
        options.onProgress?.({
          events: totals.events,
          matches: totals.matches,
          seconds: (Date.now() - started) / 1000,
        })
      },
      options.signal,
    )
  }
  return {
    ...totals,
    seconds: (Date.now() - started) / 1000,
    rules: [...perRule]
      .map(([ruleId, r]) => ({
        ruleId,
        matches: r.matches,
        alertGroups: wouldOpen.alerts(ruleId),
        sampleTitles: r.titles,
      }))
      .sort((a, b) => b.matches - a.matches || a.ruleId.localeCompare(b.ruleId)),
  }
}

async function logTypesToReplay(
  runtime: Runtime,
  wanted: readonly string[] | undefined,
): Promise<LogType[]> {
  const stored = new Set(
    (
      await runtime.lakeReader.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'panther_logs'",
      )
    ).map((r) => String(r.table_name)),
  )
  const logTypes = runtime.logTypes.list()
  if (wanted === undefined) return logTypes.filter((t) => stored.has(tableName(t.name)))
  return wanted.map((name) => {
    const found = logTypes.find((t) => t.name === name)
    if (found === undefined) {
      throw new AppError('LOG_TYPE_UNKNOWN', `Unknown log type ${name}`, {
        details: { known: logTypes.map((t) => t.name) },
      })
    }
    return found
  })
}
