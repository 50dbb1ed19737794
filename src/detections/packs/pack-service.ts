import { mkdir, rename, rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Kysely } from 'kysely'
import {
  packNamePattern,
  type Pack,
  type PackChange,
  type PackDetection,
  type PackVersion,
  type PackWarning,
} from '../../contract/index.js'
import { AppError } from '../../core/index.js'
import type { Database } from '../../platform/store/index.js'
import { packContentDir } from './pack-content.js'
import { defaultPackName } from './pack-fetch.js'
import { PackRepository } from './pack-repository.js'
import { packEnablement, type PackRecord } from './pack-state.js'
import { readPackContent, stagePack, type PackContent } from './pack-staging.js'

/** What the pack service needs. */
export interface PackServiceOptions {
  db: Kysely<Database>
  /** Caracal's data directory; pack content goes to `<data>/packs/<name>/v<version>`. */
  dataDir: string
  /** Log types some configured source ingests: enabling anything else is reported. */
  ingestedLogTypes: () => ReadonlySet<string>
  now?: () => Date
}

/** Installing, updating, enabling and removing packs: what `caracal packs` and `/v1/packs` call. */
export interface PackService {
  add(source: string, options?: { name?: string | undefined }): Promise<PackChange>
  list(): Promise<Pack[]>
  get(name: string): Promise<Pack>
  /** Fetches the source of one pack (all when `name` is absent) again, as a new version. */
  update(name?: string): Promise<PackChange[]>
  enable(name: string, detectionId?: string): Promise<PackChange>
  disable(name: string, detectionId?: string): Promise<PackChange>
  remove(name: string): Promise<void>
}

/** Builds the pack service over the metadata store. Changes apply when detections next load. */
export function createPackService(options: PackServiceOptions): PackService {
  const manager = new PackManager(options)
  // A plain object of bound functions: callers spread it and pass methods around.
  return {
    add: (source, addOptions) => manager.add(source, addOptions),
    list: () => manager.list(),
    get: (name) => manager.get(name),
    update: (name) => manager.update(name),
    enable: (name, detectionId) => manager.enable(name, detectionId),
    disable: (name, detectionId) => manager.disable(name, detectionId),
    remove: (name) => manager.remove(name),
  }
}

class PackManager implements PackService {
  private readonly repo: PackRepository
  private readonly packsDir: string

  constructor(private readonly options: PackServiceOptions) {
    this.repo = new PackRepository(options.db)
    this.packsDir = join(options.dataDir, 'packs')
  }

  async add(source: string, addOptions: { name?: string | undefined } = {}): Promise<PackChange> {
    const name = addOptions.name ?? defaultPackName(source)
    if (!packNamePattern.test(name)) {
      throw new AppError(
        'VALIDATION_FAILED',
        `Pack name ${JSON.stringify(name)}: use letters, digits, ".", "_" and "-"`,
      )
    }
    if ((await this.repo.get(name)) !== undefined) {
      throw new AppError(
        'CONFLICT',
        `A pack named ${name} is installed already; update it or pick another --name`,
      )
    }
    const staged = await stagePack(source, this.packsDir)
    try {
      for (const d of staged.definitions) {
        if (d.packId === name || (await this.repo.get(d.packId)) !== undefined) {
          throw new AppError(
            'CONFLICT',
            `Panther pack ${d.packId} (${d.file}) clashes with an installed pack's name`,
          )
        }
      }
      await mkdir(join(this.packsDir, name), { recursive: true })
      await rename(staged.dir, this.contentDir(name, 1))
    } catch (err) {
      await rm(staged.dir, { recursive: true, force: true })
      throw err
    }
    const at = this.now()
    const kind = staged.fetched.kind
    await this.repo.insert({
      name,
      kind,
      source: kind === 'git' ? source : resolve(source),
      parent: null,
      description: `${kind} pack from ${source}`,
      detectionIds: [],
      enabled: false,
      overrides: {},
      version: 1,
      createdAt: at,
      updatedAt: at,
    })
    await this.repo.addVersion(name, {
      version: 1,
      contentHash: staged.hash,
      gitCommit: staged.fetched.gitCommit,
      installedAt: at,
    })
    await this.repo.syncDefinitions(name, staged.definitions, at)
    const { pack } = await this.view(await this.mustGet(name))
    return { pack, changed: true, warnings: [], loadErrors: staged.content.errors }
  }

  async list(): Promise<Pack[]> {
    const cache = new Map<string, Promise<PackContent>>()
    const views: Pack[] = []
    // One pack at a time: a Panther repository's definitions all share its content read.
    for (const record of await this.repo.all()) views.push((await this.view(record, cache)).pack)
    return views
  }

  async get(name: string): Promise<Pack> {
    return (await this.view(await this.mustGet(name))).pack
  }

  async update(name?: string): Promise<PackChange[]> {
    const records =
      name === undefined
        ? (await this.repo.all()).filter((r) => r.parent === null)
        : [await this.mustGet(name)]
    const changes: PackChange[] = []
    for (const record of records) {
      const root = record.parent === null ? record : await this.mustGet(record.parent)
      changes.push(await this.updateOne(root))
    }
    return changes
  }

  enable(name: string, detectionId?: string): Promise<PackChange> {
    return this.toggle(name, true, detectionId)
  }

  disable(name: string, detectionId?: string): Promise<PackChange> {
    return this.toggle(name, false, detectionId)
  }

  async remove(name: string): Promise<void> {
    const record = await this.mustGet(name)
    if (record.parent !== null) {
      throw new AppError(
        'CONFLICT',
        `${name} is a Panther pack inside ${record.parent}: disable it, or remove ${record.parent}`,
      )
    }
    await this.repo.remove(name)
    await rm(join(this.packsDir, name), { recursive: true, force: true })
  }

  private now(): string {
    return (this.options.now ?? (() => new Date()))().toISOString()
  }

  private contentDir(name: string, version: number): string {
    return packContentDir(this.options.dataDir, name, version)
  }

  private async mustGet(name: string): Promise<PackRecord> {
    const record = await this.repo.get(name)
    if (record === undefined) throw new AppError('NOT_FOUND', `No pack named ${name} is installed`)
    return record
  }

  private async toggle(name: string, on: boolean, detectionId?: string): Promise<PackChange> {
    const record = await this.mustGet(name)
    if (detectionId === undefined) {
      await this.repo.setEnabled(name, on, this.now())
      const { pack, content } = await this.view(await this.mustGet(name))
      return {
        pack,
        changed: record.enabled !== on,
        warnings: on ? this.warnings(pack.detections) : [],
        loadErrors: content.errors,
      }
    }
    // Per-detection choices live on the installed pack, whichever definition was named.
    const root = record.parent === null ? record : await this.mustGet(record.parent)
    const before = (await this.view(record)).pack.detections.find((d) => d.id === detectionId)
    if (before === undefined) {
      throw new AppError('NOT_FOUND', `Pack ${name} holds no detection ${detectionId}`)
    }
    await this.repo.setOverrides(root.name, { ...root.overrides, [detectionId]: on }, this.now())
    const { pack, content } = await this.view(await this.mustGet(name))
    const after = pack.detections.filter((d) => d.id === detectionId)
    return {
      pack,
      changed: before.enabled !== on,
      warnings: on ? this.warnings(after) : [],
      loadErrors: content.errors,
    }
  }

  private async updateOne(root: PackRecord): Promise<PackChange> {
    const staged = await stagePack(root.source, this.packsDir)
    const version = root.version + 1
    const previous = (await this.repo.versions(root.name)).find((v) => v.version === root.version)
    await rename(staged.dir, this.contentDir(root.name, version))
    const at = this.now()
    await this.repo.addVersion(root.name, {
      version,
      contentHash: staged.hash,
      gitCommit: staged.fetched.gitCommit,
      installedAt: at,
    })
    await this.repo.syncDefinitions(root.name, staged.definitions, at)
    await rm(this.contentDir(root.name, root.version), { recursive: true, force: true })
    const { pack } = await this.view(await this.mustGet(root.name))
    const changed =
      previous?.contentHash !== staged.hash || previous.gitCommit !== staged.fetched.gitCommit
    return {
      pack,
      changed,
      warnings: this.warnings(pack.detections),
      loadErrors: staged.content.errors,
    }
  }

  /** A pack as the API shows it; `cache` shares content reads between packs of one listing. */
  private async view(
    record: PackRecord,
    cache = new Map<string, Promise<PackContent>>(),
  ): Promise<{ pack: Pack; content: PackContent }> {
    const root = record.parent === null ? record : await this.repo.get(record.parent)
    if (root === undefined) throw new AppError('INTERNAL', `Pack ${record.name} lost its parent`)
    const children = await this.repo.children(root.name)
    const dir = this.contentDir(root.name, root.version)
    let reading = cache.get(dir)
    if (reading === undefined) {
      reading = readPackContent(dir)
      cache.set(dir, reading)
    }
    const content = await reading
    const enabled = packEnablement(root, children)
    const listed = record.parent === null ? undefined : new Set(record.detectionIds)
    const detections: PackDetection[] = content.detections
      .filter((d) => listed === undefined || listed.has(d.id))
      .map(({ declared, ...d }) => ({ ...d, enabled: enabled(d.id, declared) }))
    const versions: PackVersion[] = await this.repo.versions(root.name)
    const current = versions.find((v) => v.version === root.version)
    if (current === undefined) {
      throw new AppError('INTERNAL', `Pack ${root.name} has no version ${String(root.version)}`)
    }
    const pack: Pack = {
      name: record.name,
      kind: record.kind as Pack['kind'],
      source: record.source,
      parent: record.parent,
      description: record.description,
      enabled: record.enabled,
      version: current,
      versions,
      definitions: record.parent === null ? children.map((c) => c.name) : [],
      detections,
    }
    return { pack, content }
  }

  /** Enabled detections with log types no configured source ingests. */
  private warnings(detections: readonly PackDetection[]): PackWarning[] {
    const ingested = this.options.ingestedLogTypes()
    return detections.flatMap((d) => {
      const missing = d.logTypes.filter((t) => !ingested.has(t))
      if (!d.enabled || missing.length === 0) return []
      return [
        {
          detectionId: d.id,
          logTypes: missing,
          message: `${d.id} is enabled for ${missing.join(', ')}, which no configured source ingests`,
        },
      ]
    })
  }
}
