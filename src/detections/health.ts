import type { Kysely } from 'kysely'
import type { DetectionMeta } from '../core/index.js'
import type { Database } from '../platform/store/index.js'

/** A detection the engine disabled itself, as `caracal detections` shows it. */
export interface AutoDisabled {
  id: string
  version: string
  reason: string
  disabledAt: string
}

/**
 * The store's record of detections that keep getting killed (timeouts, memory): consecutive
 * failures and, past the limit, why the engine disabled them. A user re-enables one with
 * `enable`; a new version of its content (any edit) starts afresh.
 */
export class DetectionHealth {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * The disabled detections among `metas`, by id. Rows of detections whose content changed since
   * are dropped first: an edited detection is enabled again.
   */
  async load(metas: readonly DetectionMeta[]): Promise<Map<string, AutoDisabled>> {
    const versions = new Map(metas.map((m) => [m.id, m.version]))
    const rows = await this.db.selectFrom('detection_health').selectAll().execute()
    const disabled = new Map<string, AutoDisabled>()
    for (const row of rows) {
      const version = versions.get(row.detection_id)
      if (version !== undefined && version !== row.version) {
        await this.db
          .deleteFrom('detection_health')
          .where('detection_id', '=', row.detection_id)
          .execute()
      } else if (version !== undefined && row.disabled_reason !== null) {
        disabled.set(row.detection_id, toDisabled(row))
      }
    }
    return disabled
  }

  /** Every detection currently disabled by the engine, whatever content is loaded. */
  async list(): Promise<AutoDisabled[]> {
    const rows = await this.db
      .selectFrom('detection_health')
      .selectAll()
      .where('disabled_reason', 'is not', null)
      .orderBy('detection_id')
      .execute()
    return rows.map(toDisabled)
  }

  /** Stores the consecutive failure count of a detection (0 removes the row). */
  async failures(id: string, version: string, count: number): Promise<void> {
    if (count === 0) {
      await this.db
        .deleteFrom('detection_health')
        .where('detection_id', '=', id)
        .where('disabled_reason', 'is', null)
        .execute()
      return
    }
    await this.upsert(id, version, count, null)
  }

  /** Marks a detection disabled, with the reason users see. */
  async disable(id: string, version: string, failures: number, reason: string): Promise<void> {
    await this.upsert(id, version, failures, reason)
  }

  /** Enables a disabled detection again; false when it was not disabled. */
  async enable(id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('detection_health')
      .where('detection_id', '=', id)
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  }

  private async upsert(
    id: string,
    version: string,
    failures: number,
    reason: string | null,
  ): Promise<void> {
    const now = new Date().toISOString()
    const row = {
      detection_id: id,
      version,
      failures,
      disabled_reason: reason,
      disabled_at: reason === null ? null : now,
      updated_at: now,
    }
    await this.db
      .insertInto('detection_health')
      .values(row)
      .onConflict((oc) =>
        oc.column('detection_id').doUpdateSet({
          version: row.version,
          failures: row.failures,
          disabled_reason: row.disabled_reason,
          disabled_at: row.disabled_at,
          updated_at: row.updated_at,
        }),
      )
      .execute()
  }
}

function toDisabled(row: {
  detection_id: string
  version: string
  disabled_reason: string | null
  disabled_at: string | null
}): AutoDisabled {
  return {
    id: row.detection_id,
    version: row.version,
    reason: row.disabled_reason ?? '',
    disabledAt: row.disabled_at ?? '',
  }
}
