import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../../../test/helpers/temp-dir.js'
import { expandGlob, globBase, segmentRegex } from './file-glob.js'

describe('segmentRegex', () => {
  it('handles *, ?, [set], [!set] and {a,b} within one segment', () => {
    expect(segmentRegex('*.log').test('app.log')).toBe(true)
    expect(segmentRegex('*.log').test('app.log.1')).toBe(false)
    expect(segmentRegex('app.?').test('app.1')).toBe(true)
    expect(segmentRegex('app.[12]').test('app.3')).toBe(false)
    expect(segmentRegex('app.[!12]').test('app.3')).toBe(true)
    expect(segmentRegex('{auth,sys}.log').test('sys.log')).toBe(true)
    expect(segmentRegex('{auth,sys}.log').test('kern.log')).toBe(false)
    expect(segmentRegex('a+b(1).log').test('a+b(1).log')).toBe(true)
  })
})

describe('expandGlob', () => {
  const dir = tempDir('glob')
  afterAll(() => {
    dir.remove()
  })

  it('matches files at any depth with **, skipping hidden entries and directories', async () => {
    mkdirSync(join(dir.path, 'x', 'y'), { recursive: true })
    mkdirSync(join(dir.path, '.hidden'))
    mkdirSync(join(dir.path, 'dir.log'))
    for (const f of ['a.log', 'x/b.log', 'x/y/c.log', '.hidden/d.log', 'x/e.txt', '.f.log']) {
      writeFileSync(join(dir.path, f), '')
    }
    const found = await expandGlob(join(dir.path, '**', '*.log'))
    expect(found.map((p) => p.slice(dir.path.length + 1))).toEqual([
      'a.log',
      'x/b.log',
      'x/y/c.log',
    ])
    expect(await expandGlob(join(dir.path, 'a.log'))).toEqual([join(dir.path, 'a.log')])
    expect(await expandGlob(join(dir.path, 'missing', '*.log'))).toEqual([])
    expect(globBase(join(dir.path, 'x', '*.log'))).toBe(join(dir.path, 'x'))
    expect(globBase(join(dir.path, 'a.log'))).toBe(dir.path)
  })
})
