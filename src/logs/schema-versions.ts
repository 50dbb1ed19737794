import type { Kysely } from 'kysely'
import type { Database } from '../platform/store/index.js'

/** One accepted version of a custom log type's schema. */
export interface SchemaVersion {
  name: string
  version: number
  /** The schema text exactly as accepted (YAML or JSON). */
  schema: string
  createdAt: string
}

/** Where accepted schema versions are kept: the little the evolution rule needs from a store. */
export interface SchemaVersionStore {
  /** The newest version of every custom log type that has one. */
  latest(): Promise<SchemaVersion[]>
  /** Every version of one log type, oldest first. */
  versions(name: string): Promise<SchemaVersion[]>
  /** Stores the text as the next version of `name` and returns it. */
  add(name: string, schema: string, createdAt: string): Promise<SchemaVersion>
}

/** Schema versions in the metadata store's `custom_schemas` table. */
export class StoreSchemaVersions implements SchemaVersionStore {
  constructor(private readonly db: Kysely<Database>) {}

  async latest(): Promise<SchemaVersion[]> {
    const rows = await this.db
      .selectFrom('custom_schemas as s')
      .selectAll('s')
      .where((eb) =>
        eb(
          's.version',
          '=',
          eb
            .selectFrom('custom_schemas as t')
            .select(({ fn }) => fn.max<number>('t.version').as('v'))
            .whereRef('t.name', '=', 's.name'),
        ),
      )
      .orderBy('s.name')
      .execute()
    return rows.map(toVersion)
  }

  async versions(name: string): Promise<SchemaVersion[]> {
    const rows = await this.db
      .selectFrom('custom_schemas')
      .selectAll()
      .where('name', '=', name)
      .orderBy('version')
      .execute()
    return rows.map(toVersion)
  }

  async add(name: string, schema: string, createdAt: string): Promise<SchemaVersion> {
    // One transaction: two writers cannot both take the same next number (the key refuses it).
    return this.db.transaction().execute(async (trx) => {
      const top = await trx
        .selectFrom('custom_schemas')
        .select(({ fn }) => fn.max<number>('version').as('v'))
        .where('name', '=', name)
        .executeTakeFirst()
      const version = (top?.v ?? 0) + 1
      await trx
        .insertInto('custom_schemas')
        .values({ name, version, schema, created_at: createdAt })
        .execute()
      return { name, version, schema, createdAt }
    })
  }
}

function toVersion(row: {
  name: string
  version: number
  schema: string
  created_at: string
}): SchemaVersion {
  return { name: row.name, version: row.version, schema: row.schema, createdAt: row.created_at }
}
