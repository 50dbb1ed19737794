import { readFile } from 'node:fs/promises'
import { parse as parseYaml } from 'yaml'
import { describeError } from '../core/index.js'
import {
  loadPantherContent,
  parseAnalysis,
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

/** Loads the scheduled queries and scheduled rules of the folders (Panther's YAML format). */
export async function loadScheduledContent(dirs: readonly string[]): Promise<ScheduledContent> {
  const content = await loadPantherContent(dirs)
  const errors: LoadError[] = []
  const queries: ScheduledQuerySpec[] = []
  for (const item of content.inert) {
    if (item.analysisType !== 'scheduled_query') continue
    const spec = await readSpec(item.file)
    if (typeof spec === 'string') {
      errors.push({ file: item.file, message: spec })
      continue
    }
    const query = toQuery(spec, item.file)
    if (typeof query === 'string') errors.push({ file: item.file, message: query })
    else queries.push(query)
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
    file,
  }
}
