import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadScheduledContent } from './scheduled-content.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caracal-scheduled-content-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function write(files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true })
    await writeFile(join(dir, name), text)
  }
}

const query = (name: string, extra = '') =>
  `AnalysisType: scheduled_query\nQueryName: ${name}\nEnabled: true\nQuery: SELECT 1\n` +
  `Schedule:\n  RateMinutes: 5\n${extra}`
const rule = (id: string, queryName: string) =>
  `AnalysisType: scheduled_rule\nRuleID: ${id}\nEnabled: true\nFilename: r.py\n` +
  `ScheduledQueries: [${queryName}]\nSeverity: Low\n`

describe('loadScheduledContent', () => {
  it('reads Lookback and LookbackWindowSeconds', async () => {
    await write({
      'a.yml': query('With Window', 'Lookback: true\nLookbackWindowSeconds: 3600\n'),
      'b.yml': query('Without', 'Lookback: false\n'),
    })
    const content = await loadScheduledContent([{ pack: null, dirs: [dir] }])
    expect(content.errors).toEqual([])
    expect(content.queries.map((q) => [q.name, q.lookbackSeconds])).toEqual([
      ['With Window', 3600],
      ['Without', undefined],
    ])
  })

  it('refuses a window without Lookback, Lookback without a window, and a window <= 0', async () => {
    await write({
      'a.yml': query('No Lookback', 'LookbackWindowSeconds: 60\n'),
      'b.yml': query('Lookback False', 'Lookback: false\nLookbackWindowSeconds: 60\n'),
      'c.yml': query('No Window', 'Lookback: true\n'),
      'd.yml': query('Zero', 'Lookback: true\nLookbackWindowSeconds: 0\n'),
      'e.yml': query('Negative', 'Lookback: true\nLookbackWindowSeconds: -5\n'),
    })
    const content = await loadScheduledContent([{ pack: null, dirs: [dir] }])
    expect(content.queries).toEqual([])
    const key = "key 'LookbackWindowSeconds'"
    expect(content.errors.map((e) => [e.file, e.message])).toEqual([
      [join(dir, 'a.yml'), `${key}: is set but Lookback is not true`],
      [join(dir, 'b.yml'), `${key}: is set but Lookback is not true`],
      [join(dir, 'c.yml'), `${key}: is needed when Lookback is true`],
      [join(dir, 'd.yml'), `${key}: must be more than 0 seconds`],
      [join(dir, 'e.yml'), `${key}: must be more than 0 seconds`],
    ])
  })

  it('applies a pack group enablement to its queries and rules; first group wins a name', async () => {
    await write({
      'mine/q.yml': query('Shared'),
      'pack/q.yml': query('Shared'),
      'pack/p.yml': query('Pack Query'),
      'pack/r.yml': rule('Pack.Rule', 'Pack Query'),
      'pack/r.py': 'def rule(event):\n    return True\n',
    })
    const load = (on: boolean) =>
      loadScheduledContent([
        { pack: null, dirs: [join(dir, 'mine')] },
        { pack: 'p', dirs: [join(dir, 'pack')], enabled: (_id, declared) => on && declared },
      ])
    const enabled = await load(true)
    expect(enabled.queries.map((q) => [q.name, q.enabled])).toEqual([
      ['Shared', true],
      ['Pack Query', true],
    ])
    expect(enabled.rules.map((r) => [r.meta.id, r.meta.logTypes])).toEqual([
      ['Pack.Rule', ['Pack Query']],
    ])
    expect(enabled.errors.map((e) => [e.file, e.message])).toEqual([
      [
        join(dir, 'pack', 'q.yml'),
        `duplicate query 'Shared', already in ${join(dir, 'mine', 'q.yml')}`,
      ],
    ])
    const disabled = await load(false)
    expect(disabled.queries.map((q) => [q.name, q.enabled])).toEqual([
      ['Shared', true],
      ['Pack Query', false],
    ])
    expect(disabled.rules).toEqual([])
  })
})
