import type { BoxEventEvent, JsonValue } from 'caracal/sdk'

/** A JSON object, as found in `source` and `additional_details`. */
export type JsonObject = { [key: string]: JsonValue }

/** The value as an object, `undefined` for anything else. */
export function asObject(value: JsonValue | undefined): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined
}

/** Who did it: the login (an email address) of `created_by`, else its name. */
export function actor(event: BoxEventEvent): string {
  return event.created_by?.login ?? event.created_by?.name ?? 'unknown'
}

/** The item or user the event is about, from `source` (`name` for files, `login` for users). */
export function sourceName(event: BoxEventEvent): string {
  const source = asObject(event.source)
  const name = source?.name ?? source?.login ?? source?.item_name
  return typeof name === 'string' ? name : 'unknown'
}
