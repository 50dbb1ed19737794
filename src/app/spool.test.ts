import { readdirSync, appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { RawBatch } from '../core/index.js'
import { silentLogger } from '../platform/telemetry/index.js'
import { tempDir } from '../../test/helpers/temp-dir.js'
import { Spool } from './spool.js'

function batch(id: string, records: string[] = ['{"a":1}', 'line\nwith newline']): RawBatch {
  return {
    id,
    sourceId: 'src',
    logType: 'AWS.CloudTrail',
    candidates: ['AWS.CloudTrail', 'Okta.SystemLog'],
    records,
    receivedAt: new Date('2026-06-01T10:00:00.000Z'),
  }
}

describe('Spool', () => {
  const dirs: { remove: () => void }[] = []
  const root = () => {
    const dir = tempDir('spool')
    dirs.push(dir)
    return join(dir.path, 'spool')
  }
  afterEach(() => {
    for (const dir of dirs.splice(0)) dir.remove()
  })

  it('gives back, in order, the batches a dead process appended but did not finish', async () => {
    const path = root()
    const first = await Spool.open({ root: path, logger: silentLogger() })
    expect(first.recovery.pending).toEqual([])
    await Promise.all(['b1', 'b2', 'b3', 'b4'].map((id) => first.spool.append(batch(id))))
    await first.spool.markDone('b2')
    // No close(): the process "died". Its own pid counts as gone for the next open.
    const second = await Spool.open({ root: path, logger: silentLogger() })
    expect(second.recovery.pending.map((p) => p.batch)).toEqual([
      batch('b1'),
      batch('b3'),
      batch('b4'),
    ])
    for (const pending of second.recovery.pending) await pending.done()
    await second.recovery.finish()
    await second.spool.close()
    expect(readdirSync(path)).toEqual([])
  })

  it('ignores a torn last record and replays a half-finished recovery again', async () => {
    const path = root()
    const first = await Spool.open({ root: path, logger: silentLogger() })
    await first.spool.append(batch('b1'))
    const [dir] = readdirSync(path)
    appendFileSync(join(path, dir ?? '', 'segment-00000001.log'), '{"id":"b2","sourc')
    const second = await Spool.open({ root: path, logger: silentLogger() })
    expect(second.recovery.pending.map((p) => p.batch.id)).toEqual(['b1'])
    // Crash again before the replay finished: the claimed folder is replayed by the next start.
    const third = await Spool.open({ root: path, logger: silentLogger() })
    expect(third.recovery.pending.map((p) => p.batch.id)).toEqual(['b1'])
  })

  it('deletes a segment once every batch in it is done, and leaves nothing after a clean close', async () => {
    const path = root()
    const { spool } = await Spool.open({ root: path, logger: silentLogger(), segmentBytes: 10 })
    await spool.append(batch('b1'))
    await spool.append(batch('b2'))
    const [dir] = readdirSync(path)
    const folder = join(path, dir ?? '')
    expect(readdirSync(folder).filter((f) => f.endsWith('.log'))).toHaveLength(2)
    await spool.markDone('b1')
    expect(readdirSync(folder).filter((f) => f.endsWith('.log'))).toHaveLength(1)
    await spool.markDone('b2')
    await spool.close()
    expect(readdirSync(path)).toEqual([])
  })
})
