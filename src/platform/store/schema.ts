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
  detection_state: DetectionStateTable
  detection_health: DetectionHealthTable
  scheduled_query_runs: ScheduledQueryRunsTable
  packs: PacksTable
  pack_versions: PackVersionsTable
  custom_schemas: CustomSchemasTable
}

/** An accepted version of a custom log type's schema; the highest version is the live one. */
export interface CustomSchemasTable {
  /** The log type, `Custom.<Name>`. */
  name: string
  /** 1, 2, … in the order versions were accepted. */
  version: number
  /** The schema's YAML (or JSON) text, exactly as accepted. */
  schema: string
  created_at: string
}

/** An installed detection pack, or (with `parent`) a Panther pack definition inside one. */
export interface PacksTable {
  name: string
  /** `folder`, `zip`, `git`, or `panther-pack` for a definition inside another pack. */
  kind: string
  /** The path or URL it was installed from (the PackID for `panther-pack`). */
  source: string
  parent: string | null
  description: string
  /** JSON array: the detection ids a Panther pack definition lists; `[]` for installed packs. */
  detection_ids: string
  enabled: number
  /** JSON object: detection id → enabled, set by `packs enable/disable --detection`. */
  overrides: string
  /** The current row of `pack_versions`. */
  version: number
  created_at: string
  updated_at: string
}

/** One install or update of a pack's content. */
export interface PackVersionsTable {
  pack: string
  version: number
  /** SHA-256 over the content's relative paths and bytes. */
  content_hash: string
  git_commit: string | null
  installed_at: string
}

/** One run of a scheduled query (`status`: running, succeeded or failed). */
export interface ScheduledQueryRunsTable {
  id: string
  query_name: string
  /** `schedule` or `manual` (run now). */
  trigger: string
  status: string
  started_at: string
  finished_at: string | null
  rows: number | null
  /** Rule matches the rows produced, and the alerts they opened. */
  matches: number | null
  alerts_opened: number | null
  error: string | null
}

/** One key of `panther_detection_helpers.caching` (`kind`: counter, set or dict; `value`: JSON). */
export interface DetectionStateTable {
  key: string
  kind: string
  value: string
  /** Epoch seconds; `null` never expires. A row past it reads as absent and is purged. */
  expires_at: number | null
  updated_at: string
}

/** Consecutive timeouts/kills of a detection, and why the engine disabled it (`null`: enabled). */
export interface DetectionHealthTable {
  detection_id: string
  /** The content version the row is about: a changed detection starts afresh. */
  version: string
  failures: number
  disabled_reason: string | null
  disabled_at: string | null
  updated_at: string
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
