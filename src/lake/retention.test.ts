import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempDir } from './fixtures/lake-fixtures.js'
import { enforceRetention } from './retention.js'

describe('enforceRetention', () => {
  let root: string
  let remove: () => Promise<void>
  const hour = async (db: string, table: string, y: number, m: number, d: number, h: number) => {
    const pad = (n: number) => String(n).padStart(2, '0')
    const dir = join(
      root,
      db,
      table,
      `year=${y}`,
      `month=${pad(m)}`,
      `day=${pad(d)}`,
      `hour=${pad(h)}`,
    )
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'x.parquet'), 'data')
    return dir
  }

  beforeEach(async () => {
    ;({ path: root, remove } = await tempDir())
  })
  afterEach(async () => {
    await remove()
  })

  it('deletes whole hours past the default and per-table retention, in every database', async () => {
    const now = new Date('2026-03-10T12:30:00Z')
    const old = await hour('logs', 'aws_cloudtrail', 2026, 3, 2, 23)
    const edge = await hour('logs', 'aws_cloudtrail', 2026, 3, 3, 11)
    const kept = await hour('logs', 'aws_cloudtrail', 2026, 3, 3, 12)
    const match = await hour('rules', 'aws_cloudtrail', 2026, 3, 1, 0)
    const okta = await hour('logs', 'okta_systemlog', 2026, 3, 1, 0)
    const report = await enforceRetention(
      root,
      { defaultDays: 7, tables: { okta_systemlog: 30 } },
      now,
    )
    expect(report.removed.sort()).toEqual([
      'logs/aws_cloudtrail/year=2026/month=03/day=02/hour=23',
      'logs/aws_cloudtrail/year=2026/month=03/day=03/hour=11',
      'rules/aws_cloudtrail/year=2026/month=03/day=01/hour=00',
    ])
    expect([old, edge, match].map(existsSync)).toEqual([false, false, false])
    expect([kept, okta].map(existsSync)).toEqual([true, true])
  })

  it('keeps everything without a policy', async () => {
    const dir = await hour('logs', 't', 2000, 1, 1, 0)
    expect((await enforceRetention(root, {}, new Date())).removed).toEqual([])
    expect(existsSync(dir)).toBe(true)
  })
})
