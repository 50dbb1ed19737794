import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '../../core/index.js'
import { defaultPackName, fetchPack, isGitUrl } from './pack-fetch.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caracal-fetch-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('pack sources', () => {
  it('tells git URLs from paths', () => {
    expect(isGitUrl('https://github.com/panther-labs/panther-analysis.git')).toBe(true)
    expect(isGitUrl('git@github.com:acme/rules.git')).toBe(true)
    expect(isGitUrl('file:///srv/rules.git')).toBe(true)
    expect(isGitUrl('./rules')).toBe(false)
    expect(isGitUrl('/tmp/rules.zip')).toBe(false)
  })

  it('names packs after their folder, zip or repository', () => {
    expect(defaultPackName('https://github.com/panther-labs/panther-analysis.git')).toBe(
      'panther-analysis',
    )
    expect(defaultPackName('git@github.com:acme/rules.git')).toBe('rules')
    expect(defaultPackName('/tmp/Acme Rules v2.zip')).toBe('Acme-Rules-v2')
    expect(defaultPackName('./mine/')).toBe('mine')
  })

  it('never lets a source act as a git option or a command transport', async () => {
    const marker = join(dir, 'pwned')
    for (const source of [
      `--upload-pack=touch ${marker};.git`,
      `ext::sh -c touch% ${marker}.git`,
    ]) {
      const err = await fetchPack(source, join(dir, 'out')).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(err).toBeInstanceOf(AppError)
      expect((err as AppError).code).toBe('PACK_INVALID')
      expect(existsSync(marker)).toBe(false)
    }
  })
})
