import type { Kysely } from 'kysely'
import type { SourceCheckpoints } from '../../core/index.js'
import type { Database } from './schema.js'

/** Source checkpoints kept in the metadata store, so they survive restarts. */
export function createSourceCheckpoints(db: Kysely<Database>): SourceCheckpoints {
  return {
    async list(sourceId) {
      const rows = await db
        .selectFrom('source_checkpoints')
        .select(['key', 'value'])
        .where('source_id', '=', sourceId)
        .execute()
      return new Map(rows.map((r) => [r.key, r.value]))
    },
    async set(sourceId, key, value) {
      const updated_at = new Date().toISOString()
      // Upsert in portable SQL (SQLite and PostgreSQL both accept ON CONFLICT … DO UPDATE).
      await db
        .insertInto('source_checkpoints')
        .values({ source_id: sourceId, key, value, updated_at })
        .onConflict((oc) => oc.columns(['source_id', 'key']).doUpdateSet({ value, updated_at }))
        .execute()
    },
    async delete(sourceId, key) {
      await db
        .deleteFrom('source_checkpoints')
        .where('source_id', '=', sourceId)
        .where('key', '=', key)
        .execute()
    },
  }
}
