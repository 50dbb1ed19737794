import type { JsonValue } from 'caracal/sdk'

/** A JSON object, as found in `protoPayload.request`, `metadata` and `serviceData`. */
export type JsonObject = { [key: string]: JsonValue }

/** The value as an object, `undefined` for anything else. */
export function asObject(value: JsonValue | undefined): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined
}

/** The value as an array, `[]` for anything else. */
export function asArray(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : []
}
