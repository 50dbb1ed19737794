import type {
  LogTypeList,
  LogTypeSchemaVersion,
  PutLogTypeResult,
  Pack,
  PackChange,
  Alert,
  DestinationView,
  AlertActivity,
  AlertDelivery,
  UpdateAlerts,
  AlertPage,
  ListAlertsQuery,
  ParseFailureRecord,
  QueryResultsPage,
  QueryStatus,
  SavedQuery,
  SavedQueryInput,
  ScheduledQueryView,
  ScheduledRun,
  SearchResult,
} from '../contract/index.js'
import type { BatchSink, Logger, Source } from '../core/index.js'
import type { HttpSource } from '../sources/index.js'
import type { TokenService } from './auth/index.js'

/** What the HTTP API needs from the rest of Caracal; `app/` provides it. */
export interface ApiServices {
  version: string
  logger: Logger
  /** Push sources, fed by `POST /v1/ingest/:source`. */
  sources: ReadonlyMap<string, HttpSource>
  /** Every configured source with its health, for `GET /v1/sources`. */
  allSources: ReadonlyMap<string, Source>
  sink: BatchSink
  /**
   * The memory bound of HTTP ingestion: `tryHold` reserves a request's bytes, or refuses (the
   * route answers 503 with Retry-After). Absent: no bound.
   */
  admission?: {
    tryHold(bytes: number): { release(): void } | undefined
    retryAfterSeconds: number
  }
  tokens: TokenService
  alerts: {
    list(query: ListAlertsQuery): Promise<AlertPage>
    get(id: string): Promise<Alert | undefined>
    update(change: UpdateAlerts, actor: string): Promise<Alert[]>
    comment(id: string, text: string, actor: string): Promise<AlertActivity>
    activity(id: string): Promise<AlertActivity[]>
    deliveries(id: string): Promise<AlertDelivery[]>
    resend(id: string, destinations: readonly string[] | undefined, actor: string): Promise<void>
  }
  destinations: {
    list(): DestinationView[]
    get(id: string): DestinationView
    create(
      entry: { id: string; type: string } & Record<string, unknown>,
      actor: string,
    ): Promise<DestinationView>
    update(
      id: string,
      entry: { type: string } & Record<string, unknown>,
      actor: string,
    ): Promise<DestinationView>
    remove(id: string): Promise<void>
  }
  /** A page of the events an alert grouped, read from the lake. */
  alertEvents(
    id: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<{ events: Record<string, unknown>[]; nextCursor: string | null }>
  /** Sends a sample alert to a destination now and says how it went. */
  testDestination(id: string): Promise<{ delivered: boolean; error: string | null }>
  failures: { recent(limit: number, sourceId?: string): Promise<ParseFailureRecord[]> }
  queries: {
    submit(sql: string, options?: { timeoutMs?: number }): QueryStatus
    status(id: string): QueryStatus
    results(id: string, offset: number, limit: number): QueryResultsPage
    cancel(id: string): QueryStatus
  }
  savedQueries: {
    list(tag?: string): Promise<SavedQuery[]>
    get(id: string): Promise<SavedQuery>
    create(input: SavedQueryInput, by: string): Promise<SavedQuery>
    update(id: string, input: SavedQueryInput): Promise<SavedQuery>
    remove(id: string): Promise<void>
  }
  search(values: string[], options: { since: string; limit: number }): Promise<SearchResult>
  /** Scheduled queries and their runs; absent when the server runs none. */
  scheduledQueries?: {
    list(): Promise<ScheduledQueryView[]>
    runs(name: string, limit: number): Promise<ScheduledRun[]>
    runNow(name: string): Promise<ScheduledRun>
  }
  /** Detection packs (`/v1/packs`); absent when the server manages none. */
  packs?: {
    list(): Promise<Pack[]>
    get(name: string): Promise<Pack>
    add(source: string, options?: { name?: string | undefined }): Promise<PackChange>
    update(name?: string): Promise<PackChange[]>
    enable(name: string, detectionId?: string): Promise<PackChange>
    disable(name: string, detectionId?: string): Promise<PackChange>
    remove(name: string): Promise<void>
  }
  /** Log types (`/v1/log-types`); custom schemas evolve under Panther's rule. */
  logTypes?: {
    list(): Promise<LogTypeList>
    /** Validates, checks against the accepted version, stores and makes live a custom schema. */
    put(name: string, schema: string): Promise<PutLogTypeResult>
    versions(name: string): Promise<LogTypeSchemaVersion[]>
  }
  metrics: { render(): Promise<string>; contentType: string }
  /** Largest accepted body after decompression. */
  maxBodyBytes: number
}
