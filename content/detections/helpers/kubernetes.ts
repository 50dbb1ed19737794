import type { JsonValue, KubernetesAuditEvent } from 'caracal/sdk'

/** A JSON object, as found in `requestObject` and `annotations`. */
export type JsonObject = { [key: string]: JsonValue }

/** The value as an object, `undefined` for anything else. */
export function asObject(value: JsonValue | undefined): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined
}

/** The value as an array, `[]` for anything else. */
export function asArray(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : []
}

/** A JSON value as text for display; non-strings become `?`. */
export function text(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : '?'
}

/** The authorizer's verdict (`allow` or `forbid`) from the audit annotations, `''` if absent. */
export function decision(event: KubernetesAuditEvent): string {
  const value = asObject(event.annotations)?.['authorization.k8s.io/decision']
  return typeof value === 'string' ? value : ''
}
