import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile, readdir, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** A file a bundle was built from, with the hash of its content when it was built. */
export interface BundleInput {
  path: string
  sha256: string
}

/** What the cache keeps per detection: the files it was built from and both forms of its code. */
export interface CachedBundle {
  inputs: BundleInput[]
  /** The ESM bundle the engine runs. */
  code: string
  /** The same bundle as CommonJS, which the metadata sandbox evaluates. */
  script: string
}

/** Beyond either limit the least recently used entries are deleted. */
export interface BundleCacheLimits {
  maxBytes: number
  maxEntries: number
}

const defaultLimits: BundleCacheLimits = { maxBytes: 200 * 1024 * 1024, maxEntries: 5_000 }

/**
 * The bundle cache below Caracal's cache folder, or none when `cacheDir` is absent or `off`.
 * One instance serves one load: it remembers file hashes, so files edited later are re-read.
 */
export function openBundleCache(
  cacheDir: string | undefined,
  limits?: BundleCacheLimits,
): BundleCache | undefined {
  if (cacheDir === undefined || cacheDir === '' || cacheDir === 'off') return undefined
  return new BundleCache(join(cacheDir, 'bundles'), limits)
}

/**
 * Content-addressed bundles on disk, one JSON file per key. A hit is re-validated against the
 * hashes of every input; anything unreadable, corrupt or stale is a miss, and a failed write is
 * ignored: the cache only ever saves time, it never stops a detection from loading.
 */
export class BundleCache {
  private readonly hashes = new Map<string, Promise<string | undefined>>()

  constructor(
    readonly dir: string,
    private readonly limits: BundleCacheLimits = defaultLimits,
  ) {}

  /** sha256 of a file's content, or undefined when it cannot be read; memoised per instance. */
  fileHash(path: string): Promise<string | undefined> {
    let hash = this.hashes.get(path)
    if (hash === undefined) {
      hash = readFile(path).then(sha256, () => undefined)
      this.hashes.set(path, hash)
    }
    return hash
  }

  /** The bundle stored under `key` if every one of its inputs is unchanged. */
  async get(key: string): Promise<CachedBundle | undefined> {
    const file = this.entryFile(key)
    let entry: unknown
    try {
      entry = JSON.parse(await readFile(file, 'utf8'))
    } catch {
      return undefined
    }
    if (!isCachedBundle(entry)) return undefined
    const current = await Promise.all(entry.inputs.map((i) => this.fileHash(i.path)))
    if (entry.inputs.some((input, i) => input.sha256 !== current[i])) return undefined
    // The modification time records the last use, which eviction goes by.
    const now = new Date()
    await utimes(file, now, now).catch(() => undefined)
    return entry
  }

  /** Stores `bundle` atomically (temporary file, then rename); false when that failed. */
  async set(key: string, bundle: CachedBundle): Promise<boolean> {
    const file = this.entryFile(key)
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`
    try {
      await mkdir(this.dir, { recursive: true })
      await writeFile(temp, JSON.stringify(bundle))
      await rename(temp, file)
      return true
    } catch {
      await unlink(temp).catch(() => undefined)
      return false
    }
  }

  /** Deletes the least recently used files until the folder is within both limits. */
  async prune(): Promise<void> {
    let names: string[]
    try {
      names = await readdir(this.dir)
    } catch {
      return
    }
    const files = await Promise.all(
      names.map(async (name) => {
        const info = await stat(join(this.dir, name)).catch(() => undefined)
        return { name, size: info?.size ?? 0, used: info?.mtimeMs ?? 0 }
      }),
    )
    files.sort((a, b) => b.used - a.used)
    let bytes = 0
    const excess = files.filter((f, i) => {
      bytes += f.size
      return i >= this.limits.maxEntries || bytes > this.limits.maxBytes
    })
    await Promise.all(excess.map((f) => unlink(join(this.dir, f.name)).catch(() => undefined)))
  }

  private entryFile(key: string): string {
    return join(this.dir, `${key}.json`)
  }
}

/** Hex sha256 of a string or bytes. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

function isCachedBundle(value: unknown): value is CachedBundle {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Partial<Record<keyof CachedBundle, unknown>>
  return (
    typeof v.code === 'string' &&
    typeof v.script === 'string' &&
    Array.isArray(v.inputs) &&
    v.inputs.length > 0 &&
    v.inputs.every(
      (i: unknown) =>
        typeof i === 'object' &&
        i !== null &&
        typeof (i as BundleInput).path === 'string' &&
        typeof (i as BundleInput).sha256 === 'string',
    )
  )
}
