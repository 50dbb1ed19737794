import type { Alert, AlertPage, ListAlertsQuery, ParseFailureRecord } from '../contract/index.js'
import type { BatchSink, Logger } from '../core/index.js'
import type { AnySource } from '../sources/index.js'
import type { TokenService } from './auth/index.js'

/** What the HTTP API needs from the rest of Caracal; `app/` provides it. */
export interface ApiServices {
  version: string
  logger: Logger
  sources: ReadonlyMap<string, AnySource>
  sink: BatchSink
  tokens: TokenService
  alerts: {
    list(query: ListAlertsQuery): Promise<AlertPage>
    get(id: string): Promise<Alert | undefined>
  }
  failures: { recent(limit: number, sourceId?: string): Promise<ParseFailureRecord[]> }
  metrics: { render(): Promise<string>; contentType: string }
  /** Largest accepted body after decompression. */
  maxBodyBytes: number
}
