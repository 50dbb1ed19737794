import { randomBytes } from 'node:crypto'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../core/index.js'
import { loadDetections } from '../loader.js'
import { loadPantherContent } from '../panther/index.js'
import type { LoadError } from '../types.js'
import { fetchPack, type FetchedPack } from './pack-fetch.js'
import { hashDirectory } from './pack-hash.js'
import {
  readPantherPackDefinitions,
  type PantherPackDefinition,
} from './panther-pack-definitions.js'

/** What a pack folder holds, as both loaders see it. */
export interface PackContent {
  detections: {
    id: string
    name: string
    runtime: 'typescript' | 'python'
    logTypes: string[]
    /** The `Enabled` its own file declares. */
    declared: boolean
  }[]
  errors: LoadError[]
  /** Data models and global helpers. */
  models: number
}

/** A source fetched into a folder below `<data>/packs`, checked and hashed, not installed yet. */
export interface StagedPack {
  dir: string
  fetched: FetchedPack
  content: PackContent
  definitions: PantherPackDefinition[]
  hash: string
}

/** Reads a pack folder with both loaders. */
export async function readPackContent(dir: string): Promise<PackContent> {
  const [typescript, panther] = await Promise.all([
    loadDetections([dir]),
    loadPantherContent([dir]),
  ])
  const detections = [...typescript.detections, ...panther.detections].map((d) => ({
    id: d.meta.id,
    name: d.meta.name,
    runtime: d.meta.runtime ?? 'typescript',
    logTypes: [...d.meta.logTypes],
    declared: d.meta.enabled,
  }))
  return {
    detections,
    errors: [...typescript.errors, ...panther.errors],
    models: panther.dataModels.length + panther.globals.length,
  }
}

/**
 * Fetches `source` into a fresh staging folder below `packsDir`, refusing symbolic links and
 * content without any detection, data model or helper. The folder is removed on failure.
 */
export async function stagePack(source: string, packsDir: string): Promise<StagedPack> {
  const dir = join(packsDir, `.staging-${randomBytes(6).toString('hex')}`)
  await mkdir(packsDir, { recursive: true })
  try {
    const fetched = await fetchPack(source, dir)
    // Hashing first also refuses symbolic links before any loader follows one.
    const hash = await hashDirectory(dir)
    const content = await readPackContent(dir)
    if (content.detections.length === 0 && content.models === 0) {
      const why = content.errors.map((e) => `${e.file}: ${e.message}`).join('; ')
      throw new AppError(
        'PACK_INVALID',
        `${source} holds no detection, data model or global helper${why === '' ? '' : ` (${why})`}`,
        { details: content.errors },
      )
    }
    const definitions = await readPantherPackDefinitions(dir)
    return { dir, fetched, content, definitions, hash }
  } catch (err) {
    await rm(dir, { recursive: true, force: true })
    throw err
  }
}
