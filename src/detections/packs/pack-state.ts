import type { PacksTable } from '../../platform/store/index.js'

/** A row of `packs` with its JSON columns decoded. */
export interface PackRecord {
  name: string
  kind: string
  source: string
  parent: string | null
  description: string
  detectionIds: string[]
  enabled: boolean
  overrides: Record<string, boolean>
  version: number
  createdAt: string
  updatedAt: string
}

/** Decodes a `packs` row. */
export function toPackRecord(row: PacksTable): PackRecord {
  return {
    name: row.name,
    kind: row.kind,
    source: row.source,
    parent: row.parent,
    description: row.description,
    detectionIds: JSON.parse(row.detection_ids) as string[],
    enabled: row.enabled === 1,
    overrides: JSON.parse(row.overrides) as Record<string, boolean>,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/**
 * Whether a detection of an installed pack runs, given the `Enabled` its own file declares:
 * 1. a per-detection choice (`packs enable/disable NAME --detection ID`) wins;
 * 2. a detection listed by Panther pack definitions runs when one of those packs is enabled;
 * 3. any other runs when the installed pack is enabled and the detection itself is.
 */
export function packEnablement(
  pack: PackRecord,
  definitions: readonly PackRecord[],
): (id: string, declared: boolean) => boolean {
  return (id, declared) => {
    const chosen = pack.overrides[id]
    if (chosen !== undefined) return chosen
    const listing = definitions.filter((d) => d.detectionIds.includes(id))
    if (listing.length > 0) return listing.some((d) => d.enabled)
    return pack.enabled && declared
  }
}
