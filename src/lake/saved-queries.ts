import type { Kysely, Selectable } from 'kysely'
import { ulid } from 'ulid'
import type { SavedQuery, SavedQueryInput } from '../contract/index.js'
import { AppError } from '../core/index.js'
import type { Database, SavedQueriesTable } from '../platform/store/index.js'

/** Named, tagged SQL kept in the metadata store. */
export interface SavedQueries {
  list(tag?: string): Promise<SavedQuery[]>
  get(id: string): Promise<SavedQuery>
  create(input: SavedQueryInput, by: string): Promise<SavedQuery>
  update(id: string, input: SavedQueryInput): Promise<SavedQuery>
  remove(id: string): Promise<void>
}

/** Saved queries over the store; names are unique. */
export function createSavedQueries(db: Kysely<Database>): SavedQueries {
  const get = async (id: string): Promise<SavedQuery> => {
    const row = await db
      .selectFrom('saved_queries')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    if (row === undefined) throw new AppError('NOT_FOUND', `No saved query ${id}`)
    return toSavedQuery(row)
  }
  const assertNameFree = async (name: string, except?: string) => {
    let query = db.selectFrom('saved_queries').select('id').where('name', '=', name)
    if (except !== undefined) query = query.where('id', '!=', except)
    if ((await query.executeTakeFirst()) !== undefined) {
      throw new AppError('CONFLICT', `A saved query named ${JSON.stringify(name)} exists already`)
    }
  }
  return {
    async list(tag) {
      const rows = await db.selectFrom('saved_queries').selectAll().orderBy('name').execute()
      const all = rows.map(toSavedQuery)
      return tag === undefined ? all : all.filter((q) => q.tags.includes(tag))
    },
    get,
    async create(input, by) {
      await assertNameFree(input.name)
      const now = new Date().toISOString()
      const id = ulid()
      await db
        .insertInto('saved_queries')
        .values({
          id,
          name: input.name,
          description: input.description,
          sql: input.sql,
          tags: JSON.stringify(input.tags),
          created_by: by,
          created_at: now,
          updated_at: now,
        })
        .execute()
      return get(id)
    },
    async update(id, input) {
      await get(id)
      await assertNameFree(input.name, id)
      await db
        .updateTable('saved_queries')
        .set({
          name: input.name,
          description: input.description,
          sql: input.sql,
          tags: JSON.stringify(input.tags),
          updated_at: new Date().toISOString(),
        })
        .where('id', '=', id)
        .execute()
      return get(id)
    },
    async remove(id) {
      const result = await db.deleteFrom('saved_queries').where('id', '=', id).executeTakeFirst()
      if (result.numDeletedRows === 0n) throw new AppError('NOT_FOUND', `No saved query ${id}`)
    },
  }
}

function toSavedQuery(row: Selectable<SavedQueriesTable>): SavedQuery {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    sql: row.sql,
    tags: JSON.parse(row.tags) as string[],
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}
