import { existsSync } from 'node:fs'
import type { Kysely } from 'kysely'
import {
  createPackService,
  installedPackGroups,
  loadDetectionSet,
  type DetectionGroup,
  type DetectionSet,
  type PackService,
} from '../detections/index.js'
import type { Config } from '../platform/config/index.js'
import { openStore, type Database } from '../platform/store/index.js'
import { contentPaths } from './paths.js'

/** The shipped content folders: built-in detections and data models. */
export function builtinDirs(config: Config): string[] {
  return config.detections.builtin ? [contentPaths.detections, contentPaths.dataModels] : []
}

/**
 * Every detection Caracal runs: built-in content, the configured folders, then installed packs
 * (with their enable/disable state) when the store is given.
 */
export async function loadConfiguredDetections(
  config: Config,
  db?: Kysely<Database>,
): Promise<DetectionSet> {
  return loadDetectionSet(await detectionGroups(config, db), { cacheDir: config.cacheDir })
}

/**
 * The folders detections come from, in load order: built-in content, the configured folders,
 * then installed packs (with their enable/disable state) when the store is given.
 */
export async function detectionGroups(
  config: Config,
  db?: Kysely<Database>,
): Promise<DetectionGroup[]> {
  const groups: DetectionGroup[] = [
    { pack: 'builtin', dirs: builtinDirs(config) },
    { pack: null, dirs: config.detections.dirs },
    ...(db === undefined ? [] : await installedPackGroups(db, config.data)),
  ]
  return groups.filter((g) => g.dirs.length > 0)
}

/**
 * Like {@link loadConfiguredDetections} for commands that open no runtime: reads installed packs
 * when the store at `path` exists already, and never creates one.
 */
export async function loadDetectionsWithPacks(config: Config, path: string): Promise<DetectionSet> {
  if (!existsSync(path)) return loadConfiguredDetections(config)
  const store = await openStore({ kind: 'sqlite', path })
  try {
    return await loadConfiguredDetections(config, store.db)
  } finally {
    await store.close()
  }
}

/** Log types some configured source ingests: its `logType`, `candidates` and `logTypes`. */
export function ingestedLogTypes(config: Config): Set<string> {
  const types = new Set<string>()
  for (const entry of Object.values(config.sources) as Record<string, unknown>[]) {
    for (const key of ['logType', 'candidates', 'logTypes']) {
      const value = entry[key]
      for (const t of Array.isArray(value) ? value : [value]) {
        if (typeof t === 'string') types.add(t)
      }
    }
  }
  return types
}

/** The pack service over an open store, warning about log types the config has no source for. */
export function packServiceFor(config: Config, db: Kysely<Database>): PackService {
  return createPackService({
    db,
    dataDir: config.data,
    ingestedLogTypes: () => ingestedLogTypes(config),
  })
}
