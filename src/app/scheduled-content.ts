import { readFile } from 'node:fs/promises'
import { parse as parseYaml } from 'yaml'
import { describeError } from '../core/index.js'
import {
  loadDetectionSet,
  parseAnalysis,
  type DetectionGroup,
  type LoadError,
  type PantherContent,
  type PythonDetection,
} from '../detections/index.js'

/** A Panther `scheduled_query`: its SQL and when to run it. */
export interface ScheduledQuerySpec {
  /** `QueryName`: also the `p_log_type` of the rows it feeds to scheduled rules. */
  name: string
  description: string
  sql: string
  enabled: boolean
  /** `Schedule.CronExpression` (UTC), or `Schedule.RateMinutes`; exactly one is set. */
  cron: string | undefined
  rateMinutes: number | undefined
  /** `Schedule.TimeoutMinutes` (default 5, as Panther). */
  timeoutMinutes: number
  /**
   * `LookbackWindowSeconds` when `Lookback` is true: the query then reads only lake rows whose
   * `p_event_time` lies in this many seconds before the run's scheduled time.
   */
  lookbackSeconds: number | undefined
  file: string
}

/** Scheduled queries and the scheduled rules that read their rows, from detection folders. */
export interface ScheduledContent {
  queries: ScheduledQuerySpec[]
  /**
   * Enabled scheduled rules rewritten as rules of the log types named by their `ScheduledQueries`,
   * so the Python engine runs them over query rows exactly as it runs streaming rules.
   */
  rules: PythonDetection[]
  globals: PantherContent['globals']
  dataModels: PantherContent['dataModels']
  errors: LoadError[]
}

const defaultTimeoutMinutes = 5

/**
 * Loads the scheduled queries and scheduled rules of the detection groups (Panther's YAML
 * format): built-in content, configured folders and installed packs, whose enable/disable state
 * applies to their queries and rules as to their other detections. A name or id already loaded by
 * an earlier group is an error on the later one.
 */
export async function loadScheduledContent(
  groups: readonly DetectionGroup[],
): Promise<ScheduledContent> {
  const content = (await loadDetectionSet(groups, { typescript: false })).panther
  const errors: LoadError[] = []
  for (const problem of content.errors) {
    if (await isScheduledFile(problem.file)) errors.push(problem)
  }
  const queries: ScheduledQuerySpec[] = []
  const seen = new Map<string, string>()
  for (const item of content.inert) {
    if (item.analysisType !== 'scheduled_query') continue
    const first = seen.get(item.id)
    if (first !== undefined) {
      errors.push({ file: item.file, message: `duplicate query '${item.id}', already in ${first}` })
      continue
    }
    seen.set(item.id, item.file)
    const spec = await readSpec(item.file)
    if (typeof spec === 'string') {
      errors.push({ file: item.file, message: spec })
      continue
    }
    const query = toQuery(spec, item.file)
    if (typeof query === 'string') errors.push({ file: item.file, message: query })
    else queries.push({ ...query, enabled: item.enabled })
  }
  const rules: PythonDetection[] = []
  for (const detection of content.detections) {
    if (detection.analysisType !== 'scheduled_rule' || !detection.meta.enabled) continue
    const spec = await readSpec(detection.specFile)
    if (typeof spec === 'string') {
      errors.push({ file: detection.specFile, message: spec })
      continue
    }
    const names = Array.isArray(spec.ScheduledQueries) ? spec.ScheduledQueries.map(String) : []
    rules.push({
      ...detection,
      analysisType: 'rule',
      meta: { ...detection.meta, logTypes: names },
    })
  }
  return {
    queries,
    rules,
    globals: content.globals,
    dataModels: content.dataModels,
    errors,
  }
}

/** Whether a file that failed to load declares a scheduled query or rule (others are not ours). */
async function isScheduledFile(file: string): Promise<boolean> {
  try {
    const doc: unknown = parseYaml(await readFile(file, 'utf8'))
    const type = (doc as { AnalysisType?: unknown } | null)?.AnalysisType
    return type === 'scheduled_query' || type === 'scheduled_rule'
  } catch {
    return false
  }
}

/** Reads and validates one analysis YAML file again; a message when it cannot be. */
async function readSpec(file: string): Promise<Record<string, unknown> | string> {
  try {
    const parsed = parseAnalysis(parseYaml(await readFile(file, 'utf8')))
    return parsed.ok ? parsed.spec : parsed.messages.join('; ')
  } catch (err) {
    return `cannot read the file: ${describeError(err)}`
  }
}

function toQuery(spec: Record<string, unknown>, file: string): ScheduledQuerySpec | string {
  const schedule = (spec.Schedule ?? {}) as {
    CronExpression?: string
    RateMinutes?: number
    TimeoutMinutes?: number
  }
  // DuckDB SQL is closest to Panther's generic `Query`, then Snowflake's dialect.
  const sql = [spec.Query, spec.SnowflakeQuery, spec.AthenaQuery].find(
    (q): q is string => typeof q === 'string' && q.trim() !== '',
  )
  if (sql === undefined) return `key 'Query': a scheduled query needs its SQL`
  const cron = schedule.CronExpression?.trim()
  const rate = schedule.RateMinutes
  if ((cron === undefined || cron === '') === (rate === undefined)) {
    return `key 'Schedule': needs exactly one of CronExpression or RateMinutes`
  }
  return {
    name: String(spec.QueryName),
    description: typeof spec.Description === 'string' ? spec.Description : '',
    sql,
    enabled: spec.Enabled !== false,
    cron: cron === '' ? undefined : cron,
    rateMinutes: rate,
    timeoutMinutes: schedule.TimeoutMinutes ?? defaultTimeoutMinutes,
    // The schema refuses a window without `Lookback: true`, and `Lookback: true` without one.
    lookbackSeconds:
      spec.Lookback === true && typeof spec.LookbackWindowSeconds === 'number'
        ? spec.LookbackWindowSeconds
        : undefined,
    file,
  }
}
