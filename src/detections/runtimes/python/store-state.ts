import { sql, type Kysely } from 'kysely'
import { AppError } from '../../../core/index.js'
import type { Database } from '../../../platform/store/index.js'

/** What the Python workers' `state` requests are answered by (see `DetectionStateStore`). */
export interface DetectionState {
  apply(op: string, args: readonly unknown[]): unknown
}

type Kind = 'counter' | 'set' | 'dict'

/** Expired rows are deleted every this many operations (they already read as absent). */
const purgeEvery = 1000

/**
 * `panther_detection_helpers.caching` backed by the metadata store, so counters and sets survive
 * restarts and are shared by every worker and every Caracal process on the same database. Each
 * operation is one statement or one transaction: counters are a single atomic upsert, set updates
 * read and write in one transaction. Same semantics as the in-memory `DetectionStateStore`.
 */
export class StoreDetectionState implements DetectionState {
  private ops = 0

  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number = () => Date.now() / 1000,
  ) {}

  async apply(op: string, args: readonly unknown[]): Promise<unknown> {
    // The first operation after a start, then every `purgeEvery`-th, clears expired rows.
    if (++this.ops % purgeEvery === 1) await this.purge()
    const key = String(args[0])
    switch (op) {
      case 'get_counter':
        return Number((await this.read(this.db, key, 'counter')) ?? 0)
      case 'increment_counter':
        return this.increment(key, Number(args[1]))
      case 'reset':
        await this.db.deleteFrom('detection_state').where('key', '=', key).execute()
        return null
      case 'set_expiration':
        await this.db
          .updateTable('detection_state')
          .set({ expires_at: Number(args[1]), updated_at: new Date().toISOString() })
          .where('key', '=', key)
          .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', this.now())]))
          .execute()
        return null
      case 'get_string_set':
        return (await this.read(this.db, key, 'set')) ?? []
      case 'get_dictionary':
        return (await this.read(this.db, key, 'dict')) ?? {}
      case 'put_string_set':
      case 'put_dictionary':
        await this.write(
          this.db,
          key,
          op === 'put_string_set' ? 'set' : 'dict',
          args[1],
          optionalNumber(args[2]),
        )
        return null
      case 'add_to_string_set':
      case 'remove_from_string_set':
        return this.db.transaction().execute(async (trx) => {
          const current = new Set(
            ((await this.read(trx, key, 'set')) as string[] | undefined) ?? [],
          )
          for (const item of args[1] as string[]) {
            if (op === 'add_to_string_set') current.add(item)
            else current.delete(item)
          }
          const value = [...current].sort()
          await this.write(trx, key, 'set', value, await this.liveExpiry(trx, key))
          return value
        })
      default:
        throw new AppError('INTERNAL', `Unknown detection state operation '${op}'`)
    }
  }

  /** Deletes every expired row; reads already ignore them. */
  async purge(): Promise<number> {
    const result = await this.db
      .deleteFrom('detection_state')
      .where('expires_at', '<=', this.now())
      .executeTakeFirst()
    return Number(result.numDeletedRows)
  }

  /** One upsert: a live counter grows, anything else (absent, expired, another kind) restarts. */
  private async increment(key: string, by: number): Promise<number> {
    const now = this.now()
    const live = sql<boolean>`(detection_state.expires_at IS NULL OR detection_state.expires_at > ${now})`
    const row = await this.db
      .insertInto('detection_state')
      .values({
        key,
        kind: 'counter',
        value: String(by),
        expires_at: null,
        updated_at: new Date().toISOString(),
      })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          value: sql<string>`CASE WHEN ${live} AND detection_state.kind = 'counter'
            THEN CAST(CAST(detection_state.value AS INTEGER) + ${by} AS TEXT)
            ELSE excluded.value END`,
          expires_at: sql<
            number | null
          >`CASE WHEN ${live} THEN detection_state.expires_at ELSE NULL END`,
          kind: 'counter',
          updated_at: (eb) => eb.ref('excluded.updated_at'),
        }),
      )
      .returning('value')
      .executeTakeFirstOrThrow()
    return Number(row.value)
  }

  private async read(db: Kysely<Database>, key: string, kind: Kind): Promise<unknown> {
    const row = await db
      .selectFrom('detection_state')
      .select(['kind', 'value', 'expires_at'])
      .where('key', '=', key)
      .executeTakeFirst()
    if (row === undefined || row.kind !== kind) return undefined
    if (row.expires_at !== null && row.expires_at <= this.now()) return undefined
    return JSON.parse(row.value) as unknown
  }

  private async liveExpiry(db: Kysely<Database>, key: string): Promise<number | undefined> {
    const row = await db
      .selectFrom('detection_state')
      .select('expires_at')
      .where('key', '=', key)
      .executeTakeFirst()
    const expires = row?.expires_at ?? null
    return expires !== null && expires > this.now() ? expires : undefined
  }

  private async write(
    db: Kysely<Database>,
    key: string,
    kind: Kind,
    value: unknown,
    expires: number | undefined,
  ): Promise<void> {
    const row = {
      key,
      kind,
      value: JSON.stringify(value),
      expires_at: expires ?? null,
      updated_at: new Date().toISOString(),
    }
    await db
      .insertInto('detection_state')
      .values(row)
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          kind: row.kind,
          value: row.value,
          expires_at: row.expires_at,
          updated_at: row.updated_at,
        }),
      )
      .execute()
  }
}

function optionalNumber(value: unknown): number | undefined {
  return value === null || value === undefined ? undefined : Number(value)
}
