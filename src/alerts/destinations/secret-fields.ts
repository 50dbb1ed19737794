import type { z } from 'zod'

interface Inspectable {
  meta(): Record<string, unknown> | undefined
  _zod: { def: { innerType?: unknown; shape?: Record<string, unknown> } }
}

/** Whether a field schema, or any wrapper around it (optional, default), is marked `secret`. */
function isSecret(schema: unknown): boolean {
  for (let current = schema as Inspectable | undefined; current !== undefined;) {
    if (current.meta()?.secret === true) return true
    current = current._zod.def.innerType as Inspectable | undefined
  }
  return false
}

/**
 * The top-level keys of a destination config schema marked `.meta({ secret: true })`: these are
 * sealed at rest and masked in every response. `headers` values are always treated as secrets.
 */
export function secretKeys(schema: z.ZodType): string[] {
  const shape = (schema as unknown as Inspectable)._zod.def.shape ?? {}
  const keys = Object.entries(shape)
    .filter(([, field]) => isSecret(field))
    .map(([key]) => key)
  return 'headers' in shape && !keys.includes('headers') ? [...keys, 'headers'] : keys
}
