import type { Generated } from 'kysely'

/** Tables of the metadata store. Timestamps are ISO-8601 UTC text, JSON is text: portable across dialects. */
export interface Database {
  api_tokens: ApiTokensTable
  alerts: AlertsTable
  outbox: OutboxTable
  saved_queries: SavedQueriesTable
  destinations: DestinationsTable
  alert_activity: AlertActivityTable
  delivery_attempts: DeliveryAttemptsTable
  source_checkpoints: SourceCheckpointsTable
  processed_batches: ProcessedBatchesTable
}

/** Batches whose rule matches are recorded as alerts, so a replay after a crash counts them once. */
export interface ProcessedBatchesTable {
  /** The batch id, with the log type when a batch holds several (`<batchId>|<logType>`). */
  batch_id: string
  at: string
}

export interface ApiTokensTable {
  id: string
  name: string
  /** SHA-256 of the token; the token itself is never stored. */
  token_hash: string
  role: string
  created_at: string
  last_used_at: string | null
}

export interface AlertsTable {
  id: string
  type: string
  rule_id: string
  rule_version: string
  rule_name: string
  dedup: string
  title: string
  description: string
  reference: string
  runbook: string
  severity: string
  status: string
  destinations: string
  log_types: string
  event_count: number
  first_event_time: string
  last_event_time: string
  /** End of the dedup window: matches with the same rule and dedup before it join this alert. */
  window_ends_at: string
  /**
   * When the group reached its threshold and became a visible, delivered alert; `null` while it
   * is still counting matches below the threshold (such rows are hidden from every listing).
   */
  opened_at: string | null
  /** Who is working on it (an API token's name), or null. */
  assignee: Generated<string | null>
  created_at: string
  updated_at: string
  context: string
}

export interface OutboxTable {
  /** ULID: sorts by creation time. */
  id: string
  alert_id: string
  destination_id: string
  /** `trigger` announces the alert; `resolve` tells the destination it was resolved or closed. */
  kind: Generated<string>
  status: string
  attempts: number
  next_attempt_at: string
  last_error: string | null
  created_at: string
  updated_at: string
}

export interface SavedQueriesTable {
  id: string
  name: string
  description: string
  sql: string
  /** JSON array of strings. */
  tags: string
  created_by: string
  created_at: string
  updated_at: string
}

/** The timeline of an alert: every change, with who made it and when. */
export interface AlertActivityTable {
  /** ULID: sorts by time. */
  id: string
  alert_id: string
  at: string
  /** An API token's name, or `caracal` for the system. */
  actor: string
  /** `opened`, `status`, `assign`, `comment`, `resend`. */
  action: string
  /** JSON object: what changed (`{ from, to }`, `{ text }`, …). */
  detail: string
}

/** Every delivery attempt, with its outcome. */
export interface DeliveryAttemptsTable {
  id: string
  outbox_id: string
  alert_id: string
  destination_id: string
  kind: string
  at: string
  /** `delivered`, `retry` or `failed`. */
  outcome: string
  message: string | null
}

/** How far a pull source got: one row per file or S3 prefix; written once the data is durable. */
export interface SourceCheckpointsTable {
  source_id: string
  /** What the checkpoint is for: a file path, an S3 prefix. */
  key: string
  /** The source's own encoding of its position (JSON or a plain key). */
  value: string
  updated_at: string
}

/** Destinations created through the API; secret fields of `config` are sealed (AES-256-GCM). */
export interface DestinationsTable {
  id: string
  type: string
  /** JSON object: the plugin's config, secrets as `enc:v1:…` values. */
  config: string
  created_by: string
  created_at: string
  updated_at: string
}
