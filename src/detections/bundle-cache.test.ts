import { mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BundleCache, openBundleCache, sha256, type CachedBundle } from './bundle-cache.js'

let dir: string
let source: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caracal-bundle-cache-'))
  source = join(dir, 'rule.ts')
  await writeFile(source, 'export default 1')
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const entry = (code: string): CachedBundle => ({
  inputs: [{ path: source, sha256: sha256('export default 1') }],
  code,
  script: `cjs:${code}`,
})

describe('BundleCache', () => {
  it('returns what was stored while its inputs are unchanged', async () => {
    const cache = new BundleCache(join(dir, 'cache'))
    expect(await cache.get('k')).toBeUndefined()
    expect(await cache.set('k', entry('code-1'))).toBe(true)
    expect(await cache.get('k')).toEqual(entry('code-1'))
    // Only the entry itself is left behind: the temporary file was renamed into place.
    expect(await readdir(join(dir, 'cache'))).toEqual(['k.json'])
  })

  it('misses when an input changed or is gone', async () => {
    await new BundleCache(join(dir, 'cache')).set('k', entry('code-1'))
    await writeFile(source, 'export default 2')
    // A fresh instance, as each load opens one: file hashes are remembered per instance.
    expect(await new BundleCache(join(dir, 'cache')).get('k')).toBeUndefined()
    await rm(source)
    expect(await new BundleCache(join(dir, 'cache')).get('k')).toBeUndefined()
  })

  it('treats corrupt or malformed entries as misses', async () => {
    const cache = new BundleCache(join(dir, 'cache'))
    await cache.set('k', entry('code-1'))
    await writeFile(join(dir, 'cache', 'k.json'), '{"inputs": [')
    expect(await cache.get('k')).toBeUndefined()
    await writeFile(join(dir, 'cache', 'k.json'), JSON.stringify({ inputs: [], code: 'x' }))
    expect(await cache.get('k')).toBeUndefined()
  })

  it('reports a failed write instead of throwing', async () => {
    // A folder below a regular file can never be created.
    const cache = new BundleCache(join(source, 'cache'))
    expect(await cache.set('k', entry('code-1'))).toBe(false)
    expect(await cache.get('k')).toBeUndefined()
  })

  it('evicts the least recently used entries beyond its limits', async () => {
    const cache = new BundleCache(join(dir, 'cache'), { maxEntries: 2, maxBytes: 1e6 })
    for (const [i, key] of ['a', 'b', 'c'].entries()) {
      await cache.set(key, entry(key))
      const at = new Date(Date.UTC(2026, 0, 1, 0, i))
      await utimes(join(dir, 'cache', `${key}.json`), at, at)
    }
    // Reading `a` makes it the most recently used; `b` is now the oldest.
    expect(await cache.get('a')).toBeDefined()
    await cache.prune()
    expect((await readdir(join(dir, 'cache'))).sort()).toEqual(['a.json', 'c.json'])

    const size = (await stat(join(dir, 'cache', 'a.json'))).size
    await new BundleCache(join(dir, 'cache'), { maxEntries: 10, maxBytes: size }).prune()
    expect(await readdir(join(dir, 'cache'))).toEqual(['a.json'])
  })
})

describe('openBundleCache', () => {
  it('uses bundles/ below the cache folder, and none when absent or off', () => {
    expect(openBundleCache(join(dir, 'c'))?.dir).toBe(join(dir, 'c', 'bundles'))
    expect(openBundleCache(undefined)).toBeUndefined()
    expect(openBundleCache('off')).toBeUndefined()
  })
})
