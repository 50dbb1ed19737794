import { sql, type Kysely } from 'kysely'
import type { Alert, AlertPage, ListAlertsQuery } from '../contract/index.js'
import type { Database } from '../platform/store/index.js'
import { decodeCursor, encodeCursor, rowToAlert } from './alert-rows.js'

/** Opened alerts matching the query, newest first (`created_at`, then `id`, descending). */
export async function listAlerts(db: Kysely<Database>, query: ListAlertsQuery): Promise<AlertPage> {
  let select = db.selectFrom('alerts').selectAll().where('opened_at', 'is not', null)
  if (query.status !== undefined) select = select.where('status', '=', query.status)
  if (query.severity !== undefined) select = select.where('severity', '=', query.severity)
  if (query.ruleId !== undefined) select = select.where('rule_id', '=', query.ruleId)
  if (query.type !== undefined) select = select.where('type', '=', query.type)
  if (query.assignee !== undefined) select = select.where('assignee', '=', query.assignee)
  if (query.createdAfter !== undefined) {
    select = select.where('created_at', '>=', new Date(query.createdAfter).toISOString())
  }
  if (query.createdBefore !== undefined) {
    select = select.where('created_at', '<', new Date(query.createdBefore).toISOString())
  }
  if (query.minEvents !== undefined) select = select.where('event_count', '>=', query.minEvents)
  // log_types is a JSON array of names: match the quoted name, which cannot span two entries.
  if (query.logType !== undefined) {
    const pattern = `%${likeEscape(JSON.stringify(query.logType))}%`
    select = select.where(sql<boolean>`log_types like ${pattern} escape '\\'`)
  }
  if (query.text !== undefined) {
    const pattern = `%${likeEscape(query.text.toLowerCase())}%`
    select = select.where(sql<boolean>`lower(title) like ${pattern} escape '\\'`)
  }
  const column = query.sort === 'updated' ? 'updated_at' : 'created_at'
  if (query.cursor !== undefined) {
    // The cursor holds the sort value of the last row seen, whichever column sorts.
    const after = decodeCursor(query.cursor)
    select = select.where((eb) =>
      eb.or([
        eb(column, '<', after.createdAt),
        eb.and([eb(column, '=', after.createdAt), eb('id', '<', after.id)]),
      ]),
    )
  }
  // One extra row tells whether another page exists without a count query.
  const rows = await select
    .orderBy(column, 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute()
  const page = rows.slice(0, query.limit)
  const last = page.at(-1)
  const nextCursor =
    rows.length > query.limit && last !== undefined
      ? encodeCursor({ createdAt: last[column], id: last.id })
      : null
  return { alerts: page.map(rowToAlert), nextCursor }
}

/** One opened alert; groups still counting below their threshold are not alerts yet. */
export async function getAlert(db: Kysely<Database>, id: string): Promise<Alert | undefined> {
  const row = await db
    .selectFrom('alerts')
    .selectAll()
    .where('id', '=', id)
    .where('opened_at', 'is not', null)
    .executeTakeFirst()
  return row === undefined ? undefined : rowToAlert(row)
}

/** Escapes LIKE wildcards for `escape '\\'`, which SQLite and PostgreSQL both accept. */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}
