import { join } from 'node:path'
import type { Kysely } from 'kysely'
import type { Database } from '../../platform/store/index.js'
import { loadDetections, type LoadOptions } from '../loader.js'
import { loadPantherContent } from '../panther/index.js'
import type { LoadResult, PantherContent } from '../types.js'
import { packEnablement, toPackRecord } from './pack-state.js'

/** One group of detection folders loaded together, and the pack they belong to. */
export interface DetectionGroup {
  /** `builtin`, an installed pack's name, or null for configured folders. */
  pack: string | null
  dirs: readonly string[]
  /** Whether a detection runs, given its declared `Enabled`; absent: as declared. */
  enabled?: (id: string, declared: boolean) => boolean
}

/** Everything loaded from every group, with the pack each detection came from. */
export interface DetectionSet {
  typescript: LoadResult
  panther: PantherContent
  /** Detection id → pack name (absent for configured folders). */
  packOf: Map<string, string>
}

/** Where an installed pack's current content lives below the data directory. */
export function packContentDir(dataDir: string, name: string, version: number): string {
  return join(dataDir, 'packs', name, `v${String(version)}`)
}

/** The installed packs as detection groups, each with its enablement rules. */
export async function installedPackGroups(
  db: Kysely<Database>,
  dataDir: string,
): Promise<DetectionGroup[]> {
  const records = (await db.selectFrom('packs').selectAll().orderBy('name').execute()).map(
    toPackRecord,
  )
  return records
    .filter((r) => r.parent === null)
    .map((root) => ({
      pack: root.name,
      dirs: [packContentDir(dataDir, root.name, root.version)],
      enabled: packEnablement(
        root,
        records.filter((r) => r.parent === root.name),
      ),
    }))
}

/**
 * Loads each group with both loaders (Panther's only with `typescript: false`) and merges them.
 * An id already loaded by an earlier group (built-in content comes first) is an error on the
 * later one, as within a folder; globals and data models merge the same way.
 */
export async function loadDetectionSet(
  groups: readonly DetectionGroup[],
  options: { typescript?: boolean } & LoadOptions = {},
): Promise<DetectionSet> {
  // Bundling TypeScript detections is the costly part; Panther-only readers skip it.
  const withTypeScript = options.typescript ?? true
  const loaded = await Promise.all(
    groups.map(async (g) => {
      const [typescript, panther] = await Promise.all([
        withTypeScript ? loadDetections(g.dirs, options) : { detections: [], errors: [] },
        loadPantherContent(g.dirs),
      ])
      return { group: g, typescript, panther }
    }),
  )
  const set: DetectionSet = {
    typescript: { detections: [], errors: [] },
    panther: { detections: [], globals: [], dataModels: [], inert: [], errors: [] },
    packOf: new Map(),
  }
  const seen = new Map<string, string>()
  const claim = (kind: string, id: string, file: string): boolean => {
    const first = seen.get(`${kind}:${id}`)
    if (first === undefined) {
      seen.set(`${kind}:${id}`, file)
      return true
    }
    const errors = kind === 'detection' ? set.typescript.errors : set.panther.errors
    errors.push({ file, message: `duplicate ${kind} id '${id}', already defined in ${first}` })
    return false
  }
  for (const { group, typescript, panther } of loaded) {
    const enabled = group.enabled ?? ((_id: string, declared: boolean) => declared)
    // A pack with nothing enabled has no effect at all: its data models and globals stay out.
    const active = [...typescript.detections, ...panther.detections].some((d) =>
      enabled(d.meta.id, d.meta.enabled),
    )
    if (!active && group.enabled !== undefined) {
      panther.globals = []
      panther.dataModels = []
    }
    set.typescript.errors.push(...typescript.errors)
    set.panther.errors.push(...panther.errors)
    for (const d of typescript.detections) {
      if (!claim('detection', d.meta.id, d.meta.file)) continue
      set.typescript.detections.push({
        ...d,
        meta: { ...d.meta, enabled: enabled(d.meta.id, d.meta.enabled) },
      })
      if (group.pack !== null) set.packOf.set(d.meta.id, group.pack)
    }
    for (const d of panther.detections) {
      if (!claim('detection', d.meta.id, d.specFile)) continue
      set.panther.detections.push({
        ...d,
        meta: { ...d.meta, enabled: enabled(d.meta.id, d.meta.enabled) },
      })
      if (group.pack !== null) set.packOf.set(d.meta.id, group.pack)
    }
    for (const g of panther.globals) if (claim('global', g.id, g.file)) set.panther.globals.push(g)
    // A pack's data model replaces an earlier one for the same id or log type: Panther content
    // ships its own `Standard.*` models, which its helpers are written against.
    for (const m of panther.dataModels) {
      set.panther.dataModels = set.panther.dataModels.filter(
        (earlier) => earlier.id !== m.id && !earlier.logTypes.some((t) => m.logTypes.includes(t)),
      )
      set.panther.dataModels.push(m)
    }
    // Scheduled queries follow their pack like detections do (Panther packs list them by name).
    set.panther.inert.push(
      ...panther.inert.map((i) => ({ ...i, enabled: enabled(i.id, i.enabled) })),
    )
  }
  return set
}
