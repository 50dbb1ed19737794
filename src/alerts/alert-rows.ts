import type { Selectable } from 'kysely'
import { z } from 'zod'
import { AlertStatus, AlertType, Severity, type Alert } from '../contract/index.js'
import { AppError } from '../core/index.js'
import type { AlertsTable } from '../platform/store/index.js'

/** An `alerts` row as selected. */
export type AlertRow = Selectable<AlertsTable>

/** Turns a stored row into the API's `Alert`; a row that does not parse is a broken invariant. */
export function rowToAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    type: AlertType.parse(row.type),
    ruleId: row.rule_id,
    ruleVersion: row.rule_version,
    ruleName: row.rule_name,
    dedup: row.dedup,
    title: row.title,
    description: row.description,
    reference: row.reference,
    runbook: row.runbook,
    severity: Severity.parse(row.severity),
    status: AlertStatus.parse(row.status),
    assignee: row.assignee,
    destinations: parseJson(stringList, row.destinations, row.id),
    logTypes: parseJson(stringList, row.log_types, row.id),
    eventCount: row.event_count,
    firstEventTime: row.first_event_time,
    lastEventTime: row.last_event_time,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    context: parseJson(contextObject, row.context, row.id),
  }
}

const stringList = z.array(z.string())
const contextObject = z.record(z.string(), z.unknown())

function parseJson<T>(schema: z.ZodType<T>, text: string, alertId: string): T {
  try {
    return schema.parse(JSON.parse(text))
  } catch (err) {
    throw new AppError('INTERNAL', `Alert ${alertId} holds invalid JSON`, { cause: err })
  }
}

/** Position of the last row of a page: rows sort by `created_at` then `id`, both descending. */
export interface PageCursor {
  createdAt: string
  id: string
}

/** Encodes a cursor as opaque base64url, so clients cannot come to depend on its shape. */
export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id]), 'utf8').toString('base64url')
}

/** Decodes a cursor from `encodeCursor`; anything else is the caller's mistake. */
export function decodeCursor(text: string): PageCursor {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
  } catch {
    value = undefined
  }
  if (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'string'
  ) {
    return { createdAt: value[0], id: value[1] }
  }
  throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API returned', {
    details: { field: 'cursor' },
  })
}
