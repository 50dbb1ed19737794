import { createHash } from 'node:crypto'
import type { FieldSpec } from './schema-spec.js'

/**
 * Panther's field transformations beyond `rename` (which generate-code reads inline): `copy`,
 * `concat` and `split` derive a field that the record does not carry from other values of the
 * same object, tried in that order; `mask` then redacts or hashes the value before it is typed
 * or scanned for indicators, so the original never reaches an event.
 */

/** Derives a field's value from its object; undefined when the sources are absent. */
export type Deriver = (object: Record<string, unknown>) => unknown

/** The deriver of a field, when it has copy, concat or split. */
export function deriverOf(field: FieldSpec): Deriver | undefined {
  const steps: Deriver[] = []
  if (field.copy !== undefined) {
    const path = field.copy.from.split('.')
    steps.push((object) => valueAt(object, path))
  }
  if (field.concat !== undefined) {
    const paths = field.concat.paths.map((p) => p.split('.'))
    const separator = field.concat.separator ?? ''
    steps.push((object) => {
      const parts: string[] = []
      for (const path of paths) {
        const value = valueAt(object, path)
        if (value !== undefined && value !== null) parts.push(text(value))
      }
      return parts.length === 0 ? undefined : parts.join(separator)
    })
  }
  if (field.split !== undefined) {
    const { separator, index } = field.split
    const path = field.split.from.split('.')
    steps.push((object) => {
      const value = valueAt(object, path)
      if (typeof value !== 'string') return undefined
      const parts = value.split(separator)
      return parts[index < 0 ? parts.length + index : index]
    })
  }
  if (steps.length === 0) return undefined
  return (object) => {
    for (const step of steps) {
      const value = step(object)
      if (value !== undefined && value !== null) return value
    }
    return undefined
  }
}

/** The masker of a field with `mask`: a fixed text, or a salted SHA-256 in hex. */
export function maskerOf(field: FieldSpec): ((value: unknown) => string) | undefined {
  const mask = field.mask
  if (mask === undefined) return undefined
  if (mask.type === 'redact') {
    const to = mask.to ?? 'REDACTED'
    return () => to
  }
  const salt = mask.salt ?? ''
  return (value) =>
    createHash('sha256')
      .update(salt + text(value))
      .digest('hex')
}

/** A value of a dotted path through nested objects (own keys only). */
function valueAt(object: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = object
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined
    value = (value as Record<string, unknown>)[key]
  }
  return value
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}
