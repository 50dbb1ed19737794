import type {
  Alert,
  AlertActivity,
  AlertDelivery,
  AlertPage,
  ListAlertsQuery,
  ScheduledQueryView,
  ScheduledRun,
  UpdateAlerts,
} from '../contract/index.js'
import type { BatchSink } from '../core/index.js'
import type { PackService, TestReport, TestSelection } from '../detections/index.js'
import type { InferredSchema, SchemaTestReport } from '../logs/index.js'

/** Options every command takes. */
export interface GlobalOptions {
  config?: string
  data?: string
}

/** Options of `caracal serve`. */
export interface ServeOptions {
  demo: boolean
  host?: string
  port?: number
}

/** What `caracal serve` reports once it listens. */
export interface RunningServer {
  url: string
  /** A new admin token when this start created it; shown once. */
  adminToken: string | undefined
  demo:
    | {
        events: number
        failed: number
        /** How many log types the samples cover. */
        logTypes: number
        alertsOpened: number
        alerts: {
          id: string
          ruleId: string
          severity: string
          title: string
          eventCount: number
        }[]
      }
    | undefined
  /** Resolves when the server has stopped (after a signal). */
  closed: Promise<void>
  close(): Promise<void>
}

/** A query result as the CLI prints it. */
export interface QueryOutput {
  columns: { name: string; type: string }[]
  rows: Record<string, unknown>[]
  truncated: boolean
}

/** What an indicator search found. */
export interface SearchOutput {
  indicators: { value: string; kind: string }[]
  counts: { logType: string; count: number }[]
  events: Record<string, unknown>[]
}

/** What a replay found. */
export interface ReplayOutput {
  events: number
  matches: number
  ruleErrors: number
  alertsOpened: number
  seconds: number
  rules: { ruleId: string; matches: number; alertGroups: number; sampleTitles: string[] }[]
}

/** The services the commands call: the same ones the API calls. */
export interface CliServices {
  sink: BatchSink
  alerts: {
    list(query: ListAlertsQuery): Promise<AlertPage>
    get(id: string): Promise<Alert | undefined>
    update(change: UpdateAlerts, actor: string): Promise<Alert[]>
    comment(id: string, text: string, actor: string): Promise<AlertActivity>
    activity(id: string): Promise<AlertActivity[]>
    deliveries(id: string): Promise<AlertDelivery[]>
  }
  knownLogTypes: readonly string[]
  /** The log types that accept sample records, most accepted first (`ingest` without a type). */
  sniffLogTypes(records: readonly string[]): { logType: string; accepted: number }[]
  /** Read-only SQL over the lake. */
  query(sql: string): Promise<QueryOutput>
  /** Finds indicator values across every log type. */
  search(values: string[], options: { since: string; limit: number }): Promise<SearchOutput>
  tokens: {
    create(name: string, role: string): Promise<string>
    list(): Promise<{ id: string; name: string; role: string; createdAt: string }[]>
  }
  /** Runs detections again over stored events. */
  replay(options: {
    from: Date
    to: Date
    rules?: readonly string[]
    logTypes?: readonly string[]
    dryRun: boolean
    onProgress?: (p: { events: number; matches: number; seconds: number }) => void
  }): Promise<ReplayOutput>
  /** Tries once to deliver alerts waiting in the outbox; a server retries what is left. */
  deliverPending(): Promise<number>
  /** Scheduled queries: what is scheduled, past runs, and running one now. */
  scheduled: {
    list(): Promise<ScheduledQueryView[]>
    runs(name: string, limit: number): Promise<ScheduledRun[]>
    runNow(name: string): Promise<ScheduledRun>
  }
  close(): Promise<void>
}

/** What `caracal detections` shows of, and does to, detections the engine disabled itself. */
export interface DetectionHealthService {
  /** Disabled detections with the reason, e.g. repeated timeouts. */
  list(): Promise<{ id: string; reason: string; disabledAt: string }[]>
  /** Enables one again (a running server picks it up); false if it was not disabled. */
  enable(id: string): Promise<boolean>
  close(): Promise<void>
}

/** How commands reach the rest of Caracal; `app/` implements it. */
export interface CliRuntime {
  version: string
  open(options: GlobalOptions): Promise<CliServices>
  serve(options: GlobalOptions & ServeOptions): Promise<RunningServer>
  /** The detections the configured folders hold (built-in included), and files that did not load. */
  listDetections(options: GlobalOptions): Promise<{
    detections: {
      id: string
      name: string
      runtime: string
      severity: string
      enabled: boolean
      logTypes: readonly string[]
      attack: readonly string[]
      tests: number
      /** `builtin`, an installed pack's name, or null for configured folders. */
      pack: string | null
    }[]
    errors: { file: string; message: string }[]
  }>
  /** Installed detection packs (opens the metadata store; `close()` when done). */
  openPacks(options: GlobalOptions): Promise<PackService & { close(): Promise<void> }>
  /** Detections the engine disabled (repeated timeouts), and re-enabling them; `close()` when done. */
  openDetectionHealth(options: GlobalOptions): Promise<DetectionHealthService>
  /** Runs detections' unit tests in `paths` (default: the configured folders); no store opened. */
  testDetections(paths: string[], options: GlobalOptions & TestSelection): Promise<TestReport>
  /** Log type tools (`logtypes`, `parse`, `schemas`): they open no store or lake. */
  logTypeTools(options: GlobalOptions): LogTypeTools
}

/** One log type as `caracal logtypes` lists it. */
export interface LogTypeSummary {
  name: string
  description: string
  /** `json` for JSON records, `text` for schemas with a `parser:`. */
  kind: 'json' | 'text'
  /** Top-level fields of the schema. */
  fields: number
  /** A `Custom.<Name>` schema (from `logTypes.dirs` or the API) rather than built in. */
  custom: boolean
}

/** One input record of `caracal parse`: where it was, and its events or why it failed. */
export interface ParsedRecord {
  file: string
  /** 1-based line; the record's position for JSON arrays and multi-line documents. */
  line: number
  events: Record<string, unknown>[]
  failures: { reason: string }[]
}

/** What the log type commands call. */
export interface LogTypeTools {
  /** Built-in and custom log types, and the schemas that did not load or evolve (`file:line: message`). */
  list(): Promise<{ logTypes: LogTypeSummary[]; errors: string[] }>
  /** Parses files (`-` for stdin) as the log type, record by record, with the p_* fields set. */
  parse(logType: string, files: string[]): AsyncIterable<ParsedRecord>
  /** Runs schema tests under the paths (default: the built-in and configured schema folders). */
  testSchemas(paths: string[]): SchemaTestReport
  /** Proposes a schema from sample JSON lines of a file (`-` for stdin). */
  inferSchema(file: string, name: string): Promise<InferredSchema>
}

/** Where commands write: stdout for results, stderr for progress and problems. */
export interface CliOutput {
  out(text: string): void
  err(text: string): void
  /** A status line that replaces itself on a terminal (and prints nothing elsewhere); '' clears. */
  progress(text: string): void
}
