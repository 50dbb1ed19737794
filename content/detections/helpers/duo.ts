import type { DuoAdministratorEvent } from 'caracal/sdk'

/** `description` as an object: Duo sends it as a JSON-encoded string; both forms are handled. */
export function adminDescription(event: DuoAdministratorEvent): Record<string, unknown> {
  let value: unknown = event.description
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value)
    } catch {
      return {}
    }
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}
