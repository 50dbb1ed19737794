import { mkdir, mkdtemp, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadDetections } from './index.js'

let root: string
let content: string
let cacheDir: string
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'caracal-bundle-'))
  content = join(root, 'content')
  cacheDir = join(root, 'cache')
})
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

async function write(files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(content, name)), { recursive: true })
    await writeFile(join(content, name), text)
  }
}

const rule = (id: string, name = `'${id}'`, imports = ''): string => `${imports}
import { defineRule } from 'caracal/sdk'
export default defineRule({ id: '${id}', name: ${name}, logTypes: ['X'], severity: 'LOW', rule: () => true })
`

const entries = async (): Promise<string[]> => (await readdir(join(cacheDir, 'bundles'))).sort()
const load = async () => {
  const { detections, errors } = await loadDetections([content], { cacheDir })
  return { errors, byFile: new Map(detections.map((d) => [d.meta.file.slice(content.length), d])) }
}

describe('bundle cache', () => {
  it('stores each bundle once and serves later loads from the cache', async () => {
    await write({ 'one.ts': rule('Test.One'), 'two.ts': rule('Test.Two') })
    const cold = await load()
    expect(cold.errors).toEqual([])
    const stored = await entries()
    expect(stored).toHaveLength(2)

    // Tampering with the stored code shows that the next load really reads it.
    for (const name of stored) {
      const file = join(cacheDir, 'bundles', name)
      await writeFile(file, (await readFile(file, 'utf8')).replaceAll('Test.One', 'Test.Cached'))
    }
    const warm = await load()
    expect(warm.byFile.get('/one.ts')?.meta.id).toBe('Test.Cached')
    expect(warm.byFile.get('/two.ts')?.meta.version).toBe(cold.byFile.get('/two.ts')?.meta.version)
    expect(await entries()).toEqual(stored)
  })

  it('bundles exactly as without a cache', async () => {
    await write({ 'one.ts': rule('Test.One'), 'two.ts': rule('Test.Two') })
    const uncached = await loadDetections([content])
    await load()
    const warm = await load()
    expect([...warm.byFile.values()].map((d) => [d.meta.version, d.code])).toEqual(
      uncached.detections.map((d) => [d.meta.version, d.code]),
    )
  })

  it('rebuilds a detection whose source changed at the same path', async () => {
    await write({ 'one.ts': rule('Test.One') })
    const mtime = new Date(Date.UTC(2026, 0, 1))
    await utimes(join(content, 'one.ts'), mtime, mtime)
    expect((await load()).byFile.get('/one.ts')?.meta.name).toBe('Test.One')
    await write({ 'one.ts': rule('Test.One', "'renamed'") })
    // Same path and modification time: only the content tells the change.
    await utimes(join(content, 'one.ts'), mtime, mtime)
    const after = await load()
    expect(after.byFile.get('/one.ts')?.meta.name).toBe('renamed')
    expect(after.byFile.get('/one.ts')?.code).toContain('renamed')
  })

  it('rebuilds a detection when a local file it imports changed', async () => {
    await write({
      'helpers/names.ts': `export const label = (s: string): string => 'v1:' + s\n`,
      'one.ts': rule('Test.One', "label('one')", "import { label } from './helpers/names.js'"),
    })
    expect((await load()).byFile.get('/one.ts')?.meta.name).toBe('v1:one')
    await write({ 'helpers/names.ts': `export const label = (s: string): string => 'v2:' + s\n` })
    const after = await load()
    expect(after.byFile.get('/one.ts')?.meta.name).toBe('v2:one')
    expect(after.byFile.get('/one.ts')?.code).toContain('v2:')
  })

  it('gives each broken file its own error and still caches the good ones', async () => {
    await write({
      'bad.ts': `import { defineRule } from 'caracal/sdk'\nexport default defineRule({ id: , })\n`,
      'good.ts': rule('Test.Good'),
    })
    for (let run = 0; run < 2; run++) {
      const { errors, byFile } = await load()
      expect(errors).toEqual([
        {
          file: join(content, 'bad.ts'),
          message: 'cannot be bundled: 2:33: Unexpected ","',
        },
      ])
      expect([...byFile.keys()]).toEqual(['/good.ts'])
      expect(await entries()).toHaveLength(1)
    }
  })

  it('loads detections when the cache cannot be written', async () => {
    await write({ 'one.ts': rule('Test.One') })
    // A folder below a regular file can never be created.
    cacheDir = join(content, 'one.ts', 'cache')
    const { errors, byFile } = await load()
    expect(errors).toEqual([])
    expect(byFile.get('/one.ts')?.meta.id).toBe('Test.One')
  })
})
