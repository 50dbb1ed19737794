import { type Kysely, type Migration, type MigrationProvider } from 'kysely'

/** Migrations live in code, named so they sort in the order they must run. Never edit a shipped one. */
const migrations: Record<string, Migration> = {
  '0001-initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .execute()

      await db.schema
        .createTable('alerts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('rule_id', 'text', (c) => c.notNull())
        .addColumn('rule_version', 'text', (c) => c.notNull())
        .addColumn('rule_name', 'text', (c) => c.notNull())
        .addColumn('dedup', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('runbook', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('destinations', 'text', (c) => c.notNull())
        .addColumn('log_types', 'text', (c) => c.notNull())
        .addColumn('event_count', 'integer', (c) => c.notNull())
        .addColumn('first_event_time', 'text', (c) => c.notNull())
        .addColumn('last_event_time', 'text', (c) => c.notNull())
        .addColumn('window_ends_at', 'text', (c) => c.notNull())
        .addColumn('opened_at', 'text')
        .addColumn('assignee', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('context', 'text', (c) => c.notNull())
        .execute()
      await db.schema
        .createIndex('alerts_rule_dedup')
        .on('alerts')
        .columns(['rule_id', 'dedup', 'window_ends_at'])
        .execute()
      await db.schema
        .createIndex('alerts_created')
        .on('alerts')
        .columns(['created_at', 'id'])
        .execute()
      // Serves the sweep of below-threshold groups whose window ended without opening.
      await db.schema
        .createIndex('alerts_pending')
        .on('alerts')
        .columns(['opened_at', 'window_ends_at'])
        .execute()

      await db.schema
        .createTable('outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id'))
        .addColumn('destination_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().defaultTo('trigger'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema
        .createIndex('outbox_due')
        .on('outbox')
        .columns(['status', 'next_attempt_at'])
        .execute()
      await db.schema.createIndex('outbox_alert').on('outbox').columns(['alert_id']).execute()

      await db.schema
        .createTable('alert_activity')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .execute()
      await db.schema
        .createIndex('alert_activity_alert')
        .on('alert_activity')
        .columns(['alert_id', 'id'])
        .execute()

      await db.schema
        .createTable('delivery_attempts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('outbox_id', 'text', (c) => c.notNull())
        .addColumn('alert_id', 'text', (c) => c.notNull())
        .addColumn('destination_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('message', 'text')
        .execute()
      await db.schema
        .createIndex('delivery_attempts_alert')
        .on('delivery_attempts')
        .columns(['alert_id', 'id'])
        .execute()

      await db.schema
        .createTable('destinations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('config', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()

      await db.schema
        .createTable('saved_queries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('sql', 'text', (c) => c.notNull())
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()

      // How far each pull source got (file offsets, last S3 key per prefix).
      await db.schema
        .createTable('source_checkpoints')
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('source_checkpoints_pk', ['source_id', 'key'])
        .execute()

      // Batches (per log type) whose matches were recorded: a replay after a crash skips them.
      await db.schema
        .createTable('processed_batches')
        .addColumn('batch_id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute()
    },
  },
  '0002-detections-state': {
    async up(db: Kysely<unknown>) {
      // State of `panther_detection_helpers.caching`: counters, string sets, dictionaries.
      await db.schema
        .createTable('detection_state')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'real')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema
        .createIndex('detection_state_expires')
        .on('detection_state')
        .columns(['expires_at'])
        .execute()
      // Detections the engine disabled itself (repeated timeouts), until a user re-enables them.
      await db.schema
        .createTable('detection_health')
        .addColumn('detection_id', 'text', (c) => c.primaryKey())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('disabled_reason', 'text')
        .addColumn('disabled_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()
    },
  },
  '0002-lake-scheduled-runs': {
    async up(db: Kysely<unknown>) {
      // One row per run of a scheduled query: started as `running`, finished with its outcome.
      await db.schema
        .createTable('scheduled_query_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('query_name', 'text', (c) => c.notNull())
        .addColumn('trigger', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('rows', 'integer')
        .addColumn('matches', 'integer')
        .addColumn('alerts_opened', 'integer')
        .addColumn('error', 'text')
        .execute()
      await db.schema
        .createIndex('scheduled_query_runs_by_query')
        .on('scheduled_query_runs')
        .columns(['query_name', 'started_at'])
        .execute()
    },
  },
  '0002-packs': {
    async up(db: Kysely<unknown>) {
      // Installed detection packs; a Panther pack definition inside one is a row with a parent.
      await db.schema
        .createTable('packs')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('parent', 'text')
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('detection_ids', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('overrides', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()
      // Every install and update of a pack's content, newest last.
      await db.schema
        .createTable('pack_versions')
        .addColumn('pack', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('git_commit', 'text')
        .addColumn('installed_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('pack_versions_pk', ['pack', 'version'])
        .execute()
    },
  },
  '0003-logs-custom-schemas': {
    async up(db: Kysely<unknown>) {
      // Every accepted version of a custom log type's schema (the evolution rule's history).
      await db.schema
        .createTable('custom_schemas')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('schema', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('custom_schemas_pk', ['name', 'version'])
        .execute()
    },
  },
}

/** Serves the in-code migrations to Kysely's Migrator. */
export const codeMigrations: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
}
