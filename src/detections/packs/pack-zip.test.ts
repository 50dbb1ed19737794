import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { strToU8, zipSync } from 'fflate'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '../../core/index.js'
import { defaultZipLimits, extractZip } from './pack-zip.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caracal-zip-'))
  await mkdir(join(dir, 'out'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function zip(files: Record<string, string>): Promise<string> {
  const path = join(dir, 'pack.zip')
  const entries = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)]))
  await writeFile(path, zipSync(entries))
  return path
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

describe('extractZip', () => {
  it('extracts nested files', async () => {
    const file = await zip({ 'rules/a.yml': 'a: 1\n', 'rules/a.py': 'def rule(e):\n  return 1\n' })
    await extractZip(file, join(dir, 'out'))
    expect(readFileSync(join(dir, 'out/rules/a.yml'), 'utf8')).toBe('a: 1\n')
    expect((await readdir(join(dir, 'out/rules'))).sort()).toEqual(['a.py', 'a.yml'])
  })

  it('refuses zip-slip entries and writes nothing', async () => {
    const file = await zip({ 'rules/ok.yml': 'x', '../../evil.py': 'import os' })
    const err = await failure(extractZip(file, join(dir, 'out')))
    expect(err.code).toBe('PACK_INVALID')
    expect(err.message).toContain('"../../evil.py" climbs out of the archive')
    expect(await readdir(join(dir, 'out'))).toEqual([])
    expect(existsSync(join(dir, '..', 'evil.py'))).toBe(false)
  })

  it('refuses absolute paths', async () => {
    const file = await zip({ '/etc/cron.d/x': 'x' })
    const err = await failure(extractZip(file, join(dir, 'out')))
    expect(err.message).toContain('is an absolute path')
  })

  it('refuses archives unpacking over the limit', async () => {
    const file = await zip({ 'big.txt': 'x'.repeat(10_000) })
    const err = await failure(
      extractZip(file, join(dir, 'out'), { ...defaultZipLimits, maxExtractedBytes: 1000 }),
    )
    expect(err.code).toBe('PACK_INVALID')
    expect(err.message).toContain('unpacks to more than the 1000 bytes limit')
    expect(await readdir(join(dir, 'out'))).toEqual([])
  })

  it('refuses archive files over the limit before reading them', async () => {
    const file = await zip({ 'a.txt': 'hello' })
    const err = await failure(
      extractZip(file, join(dir, 'out'), { ...defaultZipLimits, maxArchiveBytes: 10 }),
    )
    expect(err.message).toMatch(/is \d+ bytes, over the 10 bytes limit for pack archives/)
  })

  it('refuses archives with too many entries', async () => {
    const file = await zip({ 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c' })
    const err = await failure(
      extractZip(file, join(dir, 'out'), { ...defaultZipLimits, maxFiles: 2 }),
    )
    expect(err.message).toContain('holds 3 entries, over 2')
    expect(await readdir(join(dir, 'out'))).toEqual([])
  })

  it('says when the file is not a zip', async () => {
    const path = join(dir, 'not.zip')
    await writeFile(path, 'plain text')
    const err = await failure(extractZip(path, join(dir, 'out')))
    expect(err.message).toContain('is not a readable zip')
  })
})
