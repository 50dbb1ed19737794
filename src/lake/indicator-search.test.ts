import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { LakeTable } from '../core/index.js'
import { silentLogger } from '../platform/telemetry/index.js'
import { RecordingMetrics, tempDir } from './fixtures/lake-fixtures.js'
import { candidateFiles } from './indicator-pruning.js'
import { classifyIndicator, searchIndicators } from './indicator-search.js'
import { createParquetLake, openCompactor, openLakeReader, type LakeReader } from './index.js'
import { rowGroupRows } from './lake-layout.js'

const list = { kind: 'array', element: { kind: 'string' } } as const
const table = (name: string): LakeTable => ({
  database: 'logs',
  name,
  columns: [
    { name: 'p_log_type', type: { kind: 'string' } },
    { name: 'p_event_time', type: { kind: 'timestamp' } },
    { name: 'p_any_ip_addresses', type: list },
    { name: 'p_any_usernames', type: list },
    { name: 'p_any_aws_arns', type: list },
    { name: 'message', type: { kind: 'string' } },
  ],
})

/** A lake writer that flushes only when told to. */
function quietLake(root: string) {
  return createParquetLake({
    root,
    flushIntervalMs: 60_000,
    maxBufferRows: 100_000,
    logger: silentLogger(),
    metrics: new RecordingMetrics(),
  })
}

const ip = (value: string) => [{ column: 'p_any_ip_addresses', value }]
const user = (value: string) => [{ column: 'p_any_usernames', value }]
const arn = (value: string) => [{ column: 'p_any_aws_arns', value }]

describe('indicator search', () => {
  let reader: LakeReader
  let root: string
  let remove: () => Promise<void>
  const recent = new Date(Date.now() - 3_600_000).toISOString()

  beforeAll(async () => {
    const dir = await tempDir()
    remove = dir.remove
    root = dir.path
    const lake = await quietLake(dir.path)
    const writes = [
      lake.write(table('aws_cloudtrail'), [
        {
          p_log_type: 'AWS.CloudTrail',
          p_event_time: recent,
          p_any_ip_addresses: ['10.1.2.3'],
          p_any_usernames: ['alice'],
          message: 'a',
        },
        {
          p_log_type: 'AWS.CloudTrail',
          p_event_time: recent,
          p_any_ip_addresses: ['192.0.2.9'],
          p_any_aws_arns: ['arn:aws:iam::111122223333:user/bob'],
          message: 'b',
        },
        {
          p_log_type: 'AWS.CloudTrail',
          p_event_time: '2020-01-01 00:00:00',
          p_any_ip_addresses: ['10.1.2.3'],
          message: 'old',
        },
      ]),
      lake.write(table('okta_systemlog'), [
        {
          p_log_type: 'Okta.SystemLog',
          p_event_time: recent,
          p_any_ip_addresses: ['10.1.2.3'],
          p_any_usernames: ['alice'],
          message: 'c',
        },
      ]),
    ]
    await lake.flush()
    await Promise.all(writes)
    await lake.close()
    reader = await openLakeReader({ root: dir.path })
  })

  afterAll(async () => {
    await reader.close()
    await remove()
  })

  it('recognizes the kind of a value', () => {
    expect(
      [
        '10.0.0.1',
        '2001:db8::1',
        '10.0.0.0/8',
        'd41d8cd98f00b204e9800998ecf8427e',
        'da39a3ee5e6b4b0d3255bfef95601890afd80709',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        'arn:aws:iam::111122223333:root',
        '111122223333',
        'i-0abc123def4567890',
        'alice@example.com',
        'Example.COM',
        'alice',
        'username:111122223333',
      ].map((v) => classifyIndicator(v).kind),
    ).toEqual([
      'ip',
      'ip',
      'cidr',
      'md5',
      'sha1',
      'sha256',
      'aws_arn',
      'aws_account_id',
      'aws_instance_id',
      'email',
      'domain',
      'username',
      'username',
    ])
  })

  it('finds a value across log types within the time range, newest first', async () => {
    const result = await searchIndicators(reader, ['10.1.2.3'], { since: '7d' })
    expect(result.counts).toEqual([
      { logType: 'AWS.CloudTrail', count: 1 },
      { logType: 'Okta.SystemLog', count: 1 },
    ])
    expect(result.events.map((e) => e.message).sort()).toEqual(['a', 'c'])
    const longer = await searchIndicators(reader, ['10.1.2.3'], { since: '520 weeks' })
    expect(longer.counts[0]).toEqual({ logType: 'AWS.CloudTrail', count: 2 })
  })

  it('matches CIDR ranges, several values at once, and kinds no table has', async () => {
    const cidr = await searchIndicators(reader, ['192.0.2.0/24'])
    expect(cidr.events.map((e) => e.message)).toEqual(['b'])
    const both = await searchIndicators(reader, ['alice', 'arn:aws:iam::111122223333:user/bob'], {
      limit: 2,
    })
    expect(both.counts).toEqual([
      { logType: 'AWS.CloudTrail', count: 2 },
      { logType: 'Okta.SystemLog', count: 1 },
    ])
    expect(both.events).toHaveLength(2)
    expect((await searchIndicators(reader, ['alice@example.com'])).counts).toEqual([])
  })

  it('gives the same answers when the indexes choose the files', async () => {
    const searches: [string[], { since?: string; limit?: number }][] = [
      [['10.1.2.3'], { since: '7d' }],
      [['10.1.2.3'], { since: '520 weeks' }],
      [['alice', 'arn:aws:iam::111122223333:user/bob'], { limit: 2 }],
      [['alice@example.com'], {}],
      [['203.0.113.1'], {}],
    ]
    for (const [values, options] of searches) {
      const plain = await searchIndicators(reader, values, options)
      const pruned = await searchIndicators(reader, values, { ...options, lakeRoot: root })
      expect(pruned.counts).toEqual(plain.counts)
      // Rows of the same time may come in either order.
      const sorted = (events: Record<string, unknown>[]) =>
        events.map((e) => JSON.stringify(e)).sort()
      expect(sorted(pruned.events)).toEqual(sorted(plain.events))
    }
  })

  it('reads only the files whose index holds a value, and counts from the index', async () => {
    const since = new Date(Date.now() - 7 * 86_400_000)
    const files = await candidateFiles(root, arn('arn:aws:iam::111122223333:user/bob'), since)
    expect([...files.keys()]).toEqual(['aws_cloudtrail'])
    expect(files.get('aws_cloudtrail')).toMatchObject([{ count: 1, logType: 'AWS.CloudTrail' }])
    expect(await candidateFiles(root, ip('203.0.113.1'), since)).toEqual(new Map())
    // The value as another kind is another value.
    expect(await candidateFiles(root, user('10.1.2.3'), since)).toEqual(new Map())
    const everything = await candidateFiles(root, ip('10.1.2.3'), new Date(0))
    expect([...everything.values()].flat()).toHaveLength(3)
    // Two values in one file: their rows may overlap, so the file is read to count them.
    const [both] = (await candidateFiles(root, [...ip('10.1.2.3'), ...user('alice')], since)).get(
      'aws_cloudtrail',
    ) ?? [undefined]
    expect(both?.count).toBeUndefined()
  })

  it('returns only the counts with a limit of 0, with or without the filters', async () => {
    for (const lakeRoot of [undefined, root]) {
      const options = {
        since: '520 weeks',
        limit: 0,
        ...(lakeRoot === undefined ? {} : { lakeRoot }),
      }
      const result = await searchIndicators(reader, ['10.1.2.3', 'alice'], options)
      expect(result.counts).toEqual([
        { logType: 'AWS.CloudTrail', count: 2 },
        { logType: 'Okta.SystemLog', count: 1 },
      ])
      expect(result.events).toEqual([])
    }
  })

  it('explains a bad CIDR and an empty search', async () => {
    await expect(searchIndicators(reader, ['10.0.0.0/40'])).rejects.toThrow(/Not an IPv4 CIDR/)
    await expect(searchIndicators(reader, [])).rejects.toThrow(/at least one value/)
  })
})

describe('indicator search within files', () => {
  it('reads only the row groups whose time range may hold the value, with the same answers', async () => {
    const dir = await tempDir()
    try {
      const lake = await quietLake(dir.path)
      // The previous hour: every row lands in one partition, so in one file.
      const base = (Math.floor(Date.now() / 3_600_000) - 1) * 3_600_000
      // Rows arrive out of time order; the writer orders the file, so the needle's row group
      // covers a narrow range.
      const count = rowGroupRows * 3
      const events = Array.from({ length: count }, (_, i) => {
        const second = (i * 7919) % count
        return {
          p_log_type: 'AWS.CloudTrail',
          p_event_time: new Date(base + second * 10).toISOString(),
          p_any_ip_addresses: [second === 12_345 ? '198.51.100.7' : `10.0.${String(i % 200)}.1`],
          message: `m${String(second)}`,
        }
      })
      const written = lake.write(table('aws_cloudtrail'), events)
      await lake.flush()
      await written
      await lake.close()
      const r = await openLakeReader({ root: dir.path })
      try {
        const files = await candidateFiles(dir.path, ip('198.51.100.7'), new Date(base - 3_600_000))
        const [file] = files.get('aws_cloudtrail') ?? []
        expect(file?.ranges).toHaveLength(1)
        const pruned = await searchIndicators(r, ['198.51.100.7'], { lakeRoot: dir.path })
        expect(pruned.counts).toEqual([{ logType: 'AWS.CloudTrail', count: 1 }])
        expect(pruned.events.map((e) => e.message)).toEqual(['m12345'])
        // Ordered by time: each row group's range starts where the previous one ended.
        const groups = await r.query(
          `SELECT stats_min, stats_max FROM parquet_metadata('${file?.path ?? ''}') ` +
            "WHERE path_in_schema = 'p_event_time' ORDER BY row_group_id",
        )
        expect(groups).toHaveLength(3)
        for (let i = 1; i < groups.length; i++) {
          expect(String(groups[i]?.stats_min) >= String(groups[i - 1]?.stats_max)).toBe(true)
        }
        // A common value: the newest few of its matches, the same rows in the same order.
        const common = await searchIndicators(r, ['10.0.3.1'], { lakeRoot: dir.path, limit: 7 })
        const plain = await searchIndicators(r, ['10.0.3.1'], { limit: 7 })
        expect(common.counts).toEqual(plain.counts)
        expect(common.counts[0]?.count).toBeGreaterThan(7)
        expect(common.events.map((e) => e.message)).toEqual(plain.events.map((e) => e.message))
        expect(common.events).toHaveLength(7)
        // A cutoff inside the needle's row group: the pruned search reads by row number and
        // time together there, and counts as the full scan does.
        const since = `${String(Math.floor((Date.now() - base - 123_450) / 1000))} seconds`
        for (const value of ['198.51.100.7', '10.0.3.1']) {
          const recent = await searchIndicators(r, [value], { lakeRoot: dir.path, since })
          const scanned = await searchIndicators(r, [value], { since })
          expect(recent.counts).toEqual(scanned.counts)
          expect(recent.events.map((e) => e.message).sort()).toEqual(
            scanned.events.map((e) => e.message).sort(),
          )
        }
      } finally {
        await r.close()
      }
    } finally {
      await dir.remove()
    }
  })

  it('counts from the indexes alone, and reads only the newest files for the rows', async () => {
    const dir = await tempDir()
    try {
      const lake = await quietLake(dir.path)
      // Five past hours, two files each; 10.0.0.5 is in every third row, a rare value in one.
      const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000
      for (let h = 1; h <= 5; h++) {
        for (let f = 0; f < 2; f++) {
          const events = Array.from({ length: 30 }, (_, i) => ({
            p_log_type: 'AWS.CloudTrail',
            p_event_time: new Date(hour - h * 3_600_000 + (i * 2 + f) * 60_000).toISOString(),
            p_any_ip_addresses: [
              i % 3 === 0 ? '10.0.0.5' : h === 4 && i === 7 ? '198.51.100.8' : '10.9.9.9',
            ],
            message: `h${String(h)}-${String(i * 2 + f)}`,
          }))
          await Promise.all([lake.write(table('aws_cloudtrail'), events), lake.flush()])
        }
      }
      await lake.close()
      const r = await openLakeReader({ root: dir.path })
      try {
        const query = vi.spyOn(r, 'query')
        const queryAll = vi.spyOn(r, 'queryAll')
        const counted = await searchIndicators(r, ['10.0.0.5'], { lakeRoot: dir.path, limit: 0 })
        expect(counted.counts).toEqual([{ logType: 'AWS.CloudTrail', count: 100 }])
        expect(query).not.toHaveBeenCalled()
        expect(queryAll).not.toHaveBeenCalled()
        const rare = await searchIndicators(r, ['198.51.100.8'], { lakeRoot: dir.path, limit: 0 })
        expect(rare.counts).toEqual([{ logType: 'AWS.CloudTrail', count: 2 }])
        expect(query).not.toHaveBeenCalled()
        query.mockRestore()
        queryAll.mockRestore()
        // The rows: the same newest ones as a full scan, for limits within an hour and across.
        for (const limit of [3, 25, 150]) {
          const pruned = await searchIndicators(r, ['10.0.0.5'], { lakeRoot: dir.path, limit })
          const plain = await searchIndicators(r, ['10.0.0.5'], { limit })
          expect(pruned.counts).toEqual(plain.counts)
          expect(pruned.events.map((e) => e.message)).toEqual(plain.events.map((e) => e.message))
          expect(pruned.events).toHaveLength(Math.min(limit, 100))
        }
        // A cutoff inside an hour: that hour's files are read to count, the others are not.
        const since = `${String(Math.floor((Date.now() - hour) / 60_000) + 150)} minutes`
        const recent = await searchIndicators(r, ['10.0.0.5'], { lakeRoot: dir.path, since })
        const scanned = await searchIndicators(r, ['10.0.0.5'], { since })
        expect(recent.counts).toEqual(scanned.counts)
        expect(recent.events.map((e) => e.message)).toEqual(scanned.events.map((e) => e.message))
        // Sealed hours carry indexes computed in SQL: the same counts, still without a query.
        const sealer = await openCompactor({ root: dir.path, graceMs: 0, seal: { afterMs: 0 } })
        expect((await sealer.runOnce()).sealed).toHaveLength(5)
        await sealer.close()
        const spy = vi.spyOn(r, 'query')
        const sealed = await searchIndicators(r, ['10.0.0.5'], { lakeRoot: dir.path, limit: 0 })
        expect(sealed.counts).toEqual([{ logType: 'AWS.CloudTrail', count: 100 }])
        expect(spy).not.toHaveBeenCalled()
        spy.mockRestore()
        const rows = await searchIndicators(r, ['10.0.0.5'], { lakeRoot: dir.path, limit: 25 })
        const plain = await searchIndicators(r, ['10.0.0.5'], { limit: 25 })
        expect(rows.events.map((e) => e.message)).toEqual(plain.events.map((e) => e.message))
      } finally {
        await r.close()
      }
    } finally {
      await dir.remove()
    }
  })
})
