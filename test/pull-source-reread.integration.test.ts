import { appendFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openRuntime, startPullSources, type Runtime } from '../src/app/index.js'
import type { SourceCheckpoints } from '../src/core/index.js'
import { loadConfig } from '../src/platform/config/index.js'
import { createSourceCheckpoints } from '../src/platform/store/index.js'
import { captureLogger } from './helpers/capture-logger.js'
import { cloudTrailEvent } from './helpers/cloudtrail-events.js'
import { s3rverCredentials, startS3Server } from './helpers/s3-server.js'
import { tempDir } from './helpers/temp-dir.js'
import { zstdFrame } from './helpers/zstd-frame.js'

/**
 * The store's checkpoints with a failure point: once armed, the first offset commit (a value
 * with no `pending` end) fails, and so does every write after it — the process "died" between
 * the batch becoming durable and its offset being stored.
 */
class CrashBeforeCommit implements SourceCheckpoints {
  armed = true
  crashed = false
  constructor(
    private readonly real: SourceCheckpoints,
    /** Which writes commit an offset (a file's have no `pending` end). */
    private readonly isCommit = (value: string) => !('pending' in (JSON.parse(value) as object)),
  ) {}
  list(sourceId: string) {
    return this.real.list(sourceId)
  }
  async set(sourceId: string, key: string, value: string) {
    if (this.crashed) throw new Error('injected: the process is gone')
    if (this.armed && this.isCommit(value)) {
      this.crashed = true
      throw new Error('injected: crash before the offset commit')
    }
    await this.real.set(sourceId, key, value)
  }
  delete(sourceId: string, key: string) {
    return this.real.delete(sourceId, key)
  }
}

/** Polls an asynchronous condition until it holds. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

const eventIds = async (runtime: Runtime) =>
  (
    await runtime.lakeReader.query(
      'SELECT eventID FROM panther_logs.aws_cloudtrail ORDER BY eventID',
    )
  ).map((r) => r.eventID)

const line = (id: string) => `${JSON.stringify(cloudTrailEvent({ eventID: id }))}\n`

describe('a file source re-reading after a crash before its offset commit', () => {
  const dir = tempDir('reread')
  const logFile = join(dir.path, 'trail.log')
  const configFile = join(dir.path, 'caracal.yml')
  writeFileSync(
    configFile,
    [
      'lake: { flushIntervalMs: 50 }',
      'detections: { workers: 1 }',
      'sources:',
      `  trail: { type: file, logType: AWS.CloudTrail, paths: ["${logFile}"], pollIntervalMs: 50, batchSize: 2 }`,
      '',
    ].join('\n'),
  )
  const config = loadConfig({ file: configFile, env: {}, overrides: { data: join(dir.path, 'd') } })
  const opened: Runtime[] = []
  afterAll(async () => {
    for (const runtime of opened) await runtime.close().catch(() => undefined)
    dir.remove()
  })

  it('stores the pending batch, re-reads exactly its bytes and writes each event once', async () => {
    writeFileSync(logFile, line('e1') + line('e2') + line('e3'))
    const first = captureLogger()
    const runtime = await openRuntime(config, first.logger)
    opened.push(runtime)
    const checkpoints = new CrashBeforeCommit(createSourceCheckpoints(runtime.store.db))
    const sources = startPullSources(runtime, first.logger, checkpoints)
    await until(() => checkpoints.crashed, 'the injected crash')
    await sources.stop()
    // The first batch (e1, e2) is in the lake; its offset was never stored, its end was.
    expect(await eventIds(runtime)).toEqual(['e1', 'e2'])
    const stored = await createSourceCheckpoints(runtime.store.db).list('trail')
    expect(JSON.parse(stored.get(logFile) ?? '{}')).toMatchObject({ offset: 0 })
    const pendingEnd = (JSON.parse(stored.get(logFile) ?? '{}') as { pending: number }).pending
    expect(pendingEnd).toBe(line('e1').length + line('e2').length)
    await runtime.close()
    opened.pop()

    // While down the file grew: reading on from offset 0 would now make a different batch.
    appendFileSync(logFile, line('e4'))
    const second = captureLogger()
    const restarted = await openRuntime(config, second.logger)
    opened.push(restarted)
    const real = createSourceCheckpoints(restarted.store.db)
    const again = startPullSources(restarted, second.logger, real)
    const size = statSync(logFile).size
    await until(async () => {
      const value = (await real.list('trail')).get(logFile)
      return value !== undefined && (JSON.parse(value) as { offset: number }).offset === size
    }, 'the offset at the end of the file')
    await again.stop()
    expect(await eventIds(restarted)).toEqual(['e1', 'e2', 'e3', 'e4'])
    expect(second.text()).toContain('Re-read batch already in the lake; skipped')
    const trail = restarted.sources.get('trail')
    expect(trail?.health()).toMatchObject({ errors: 0, eventsIn: 4 })
  })
})

describe('an S3 source re-reading an object after a crash before its checkpoint', () => {
  const dir = tempDir('reread-s3')
  let s3: Awaited<ReturnType<typeof startS3Server>>
  const opened: Runtime[] = []
  beforeAll(async () => {
    s3 = await startS3Server()
  })
  afterAll(async () => {
    for (const runtime of opened) await runtime.close().catch(() => undefined)
    await s3.close()
    dir.remove()
  })

  it('finds the batches of the object in the lake and writes each event once', async () => {
    await s3.createBucket('trail')
    // Two batches of two, zstd as CloudTrail objects may be.
    const body = ['s1', 's2', 's3', 's4'].map(line).join('')
    await s3.put('trail', 'AWSLogs/1.json.zst', zstdFrame(Buffer.from(body)))
    const configFile = join(dir.path, 'caracal.yml')
    writeFileSync(
      configFile,
      [
        'lake: { flushIntervalMs: 50 }',
        'detections: { workers: 1 }',
        'sources:',
        '  bucket:',
        '    type: s3',
        '    bucket: trail',
        '    prefixes: { "AWSLogs/": AWS.CloudTrail }',
        `    endpoint: ${s3.endpoint}`,
        '    forcePathStyle: true',
        `    credentials: { accessKeyId: ${s3rverCredentials.accessKeyId}, secretAccessKey: ${s3rverCredentials.secretAccessKey} }`,
        '    pollIntervalMs: 100',
        '    batchSize: 2',
        '',
      ].join('\n'),
    )
    const config = loadConfig({
      file: configFile,
      env: {},
      overrides: { data: join(dir.path, 'd') },
    })
    const first = captureLogger()
    const runtime = await openRuntime(config, first.logger)
    opened.push(runtime)
    // The S3 checkpoint is a plain key: every write is a commit, and the first one "crashes".
    const checkpoints = new CrashBeforeCommit(createSourceCheckpoints(runtime.store.db), () => true)
    const sources = startPullSources(runtime, first.logger, checkpoints)
    await until(() => checkpoints.crashed, 'the injected crash')
    await sources.stop()
    expect(await eventIds(runtime)).toEqual(['s1', 's2', 's3', 's4'])
    expect(await createSourceCheckpoints(runtime.store.db).list('bucket')).toEqual(new Map())
    await runtime.close()
    opened.pop()

    await s3.put('trail', 'AWSLogs/2.json', line('s5'))
    const second = captureLogger()
    const restarted = await openRuntime(config, second.logger)
    opened.push(restarted)
    const real = createSourceCheckpoints(restarted.store.db)
    const again = startPullSources(restarted, second.logger, real)
    await until(
      async () => (await real.list('bucket')).get('AWSLogs/') === 'AWSLogs/2.json',
      'the checkpoint past the second object',
    )
    await again.stop()
    expect(await eventIds(restarted)).toEqual(['s1', 's2', 's3', 's4', 's5'])
    expect(second.text().split('Re-read batch already in the lake; skipped')).toHaveLength(3)
  })
})
