import { gzipSync } from 'node:zlib'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { PrometheusMetrics, silentLogger } from '../../platform/telemetry/index.js'
import { captureLogger } from '../../../test/helpers/capture-logger.js'
import {
  eventually,
  MemoryCheckpoints,
  RecordingSink,
} from '../../../test/helpers/recording-sink.js'
import { s3rverCredentials, startS3Server } from '../../../test/helpers/s3-server.js'
import { SqsServer } from '../../../test/helpers/sqs-server.js'
import { zstdFrame } from '../../../test/helpers/zstd-frame.js'
import { s3SourcePlugin } from './index.js'
import { announcedObjects } from './s3-notifications.js'
import { prefixOf, skipReason } from './s3-objects.js'

let s3: Awaited<ReturnType<typeof startS3Server>>
beforeAll(async () => {
  s3 = await startS3Server()
})
afterAll(async () => {
  await s3.close()
})

const stops: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop()
})

function run(
  config: Record<string, unknown>,
  checkpoints = new MemoryCheckpoints(),
  logger = silentLogger(),
) {
  const parsed = s3SourcePlugin.configSchema.parse({
    type: 's3',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { ...s3rverCredentials },
    pollIntervalMs: 100,
    ...config,
  })
  const source = s3SourcePlugin.create(parsed, {
    id: 'bucket',
    logger,
    metrics: new PrometheusMetrics(),
  })
  const sink = new RecordingSink()
  const controller = new AbortController()
  const done = source.start(sink, controller.signal, checkpoints)
  const stop = async () => {
    controller.abort()
    await done
  }
  stops.push(stop)
  return { source, sink, checkpoints, stop }
}

const ndjson = (...names: string[]) => names.map((n) => JSON.stringify({ n })).join('\n') + '\n'

describe('prefixOf and skipReason', () => {
  it('picks the longest matching prefix', () => {
    const prefixes = ['', 'AWSLogs/', 'AWSLogs/123/vpcflowlogs/']
    expect(prefixOf('AWSLogs/123/vpcflowlogs/x.gz', prefixes)).toBe('AWSLogs/123/vpcflowlogs/')
    expect(prefixOf('AWSLogs/123/CloudTrail/x.gz', prefixes)).toBe('AWSLogs/')
    expect(prefixOf('other/x', prefixes)).toBe('')
    expect(prefixOf('other/x', ['AWSLogs/'])).toBeUndefined()
  })
  it('skips CloudTrail digests, folder markers and empty objects', () => {
    const digest =
      'AWSLogs/123/CloudTrail-Digest/us-east-1/2026/11/28/123_CloudTrail-Digest_us-east-1_t_20261128T0000Z.json.gz'
    expect(skipReason(digest, 10)).toBe('CloudTrail digest')
    expect(skipReason('AWSLogs/', 0)).toBe('folder marker')
    expect(skipReason('a.log', 0)).toBe('empty object')
    expect(skipReason('AWSLogs/123/CloudTrail/us-east-1/x.json.gz', 10)).toBeUndefined()
  })
})

describe('s3 source against s3rver', () => {
  it('reads plain and gzip objects by prefix, longest prefix wins, digests skipped', async () => {
    await s3.createBucket('logs-a')
    const trail = { Records: [{ eventName: 'A' }, { eventName: 'B' }] }
    await s3.put('logs-a', 'AWSLogs/ct/1.json.gz', gzipSync(JSON.stringify(trail, null, 2)))
    await s3.put('logs-a', 'AWSLogs/ct/CloudTrail-Digest/d.json.gz', gzipSync('{"digest":1}'))
    await s3.put('logs-a', 'AWSLogs/vpc/1.log', 'version account\n2 123\n')
    await s3.put('logs-a', 'other/1.ndjson', ndjson('x', 'y'))
    const { sink, source } = run({
      bucket: 'logs-a',
      prefixes: { 'AWSLogs/': 'AWS.CloudTrail', 'AWSLogs/vpc/': 'AWS.VPCFlow' },
    })
    await sink.waitForRecords(3)
    await new Promise((r) => setTimeout(r, 300))
    const byType = (t: string) =>
      sink.batches.filter((b) => b.logType === t).flatMap((b) => b.records)
    // The pretty-printed CloudTrail document stays whole: the log type splits its Records.
    expect(byType('AWS.CloudTrail')).toEqual([JSON.stringify(trail, null, 2)])
    expect(byType('AWS.VPCFlow')).toEqual(['version account', '2 123'])
    expect(sink.records).toHaveLength(3)
    expect(source.health()).toMatchObject({ status: 'ok', errors: 0, batches: 2 })
    expect(source.logType).toBe('AWS.CloudTrail, AWS.VPCFlow')
  })

  it('lists after its checkpoint: new objects only, also after a restart', async () => {
    await s3.createBucket('logs-b')
    await s3.put('logs-b', 'app/2026/11/28/01.log', ndjson('a', 'b'))
    const first = run({ bucket: 'logs-b', prefixes: { 'app/': 'Custom.App' } })
    await first.sink.waitForRecords(2)
    await s3.put('logs-b', 'app/2026/11/28/02.log', ndjson('c'))
    await first.sink.waitForRecords(3)
    await eventually(
      () => first.checkpoints.data.get('bucket')?.get('app/') === 'app/2026/11/28/02.log',
    )
    await first.stop()
    await s3.put('logs-b', 'app/2026/11/28/03.log', ndjson('d'))
    const second = run({ bucket: 'logs-b', prefixes: { 'app/': 'Custom.App' } }, first.checkpoints)
    await second.sink.waitForRecords(1)
    await new Promise((r) => setTimeout(r, 300))
    expect(second.sink.records).toEqual([JSON.stringify({ n: 'd' })])
    // Batch ids derive from the object, so a re-read would yield the same row ids.
    expect(second.sink.batches[0]?.id).toHaveLength(26)
  })

  it('reads zstd objects on Node 20 by their bytes, and skips a corrupt one with an error', async () => {
    await s3.createBucket('logs-c')
    await s3.put('logs-c', 'z/1.log', zstdFrame(Buffer.from(ndjson('zstd1', 'zstd2'))))
    const corrupt = Buffer.concat([
      zstdFrame(Buffer.from('x')).subarray(0, 6),
      Buffer.from([7, 7, 7]),
    ])
    await s3.put('logs-c', 'z/2.log.zst', corrupt)
    await s3.put('logs-c', 'z/3.log', ndjson('after'))
    const { sink, source, checkpoints } = run({
      bucket: 'logs-c',
      prefixes: { 'z/': 'Custom.App' },
    })
    await sink.waitForRecords(3)
    expect(sink.records).toEqual(['zstd1', 'zstd2', 'after'].map((n) => JSON.stringify({ n })))
    await eventually(() => checkpoints.data.get('bucket')?.get('z/') === 'z/3.log')
    expect(source.health().lastError).toMatchObject({ code: 'OBJECT_UNREADABLE' })
    expect(source.health().lastError?.message).toMatch(/zstd/)
    expect(source.health().status).toBe('ok')
  })

  it('hands the log types of a prefix on as candidates; flags its first object as a re-read', async () => {
    await s3.createBucket('logs-m')
    await s3.put('logs-m', 'syslog/1.log', 'a\n')
    await s3.put('logs-m', 'syslog/2.log', 'b\n')
    await s3.put('logs-m', 'AWSLogs/1.json', ndjson('ct'))
    const { sink, source } = run({
      bucket: 'logs-m',
      prefixes: { 'syslog/': ['Syslog.RFC5424', 'Syslog.RFC3164'], 'AWSLogs/': 'AWS.CloudTrail' },
    })
    await sink.waitForRecords(3)
    const summary = sink.batches.map((b) => [b.records[0], b.logType, b.candidates, b.reread])
    expect(summary).toEqual([
      ['a', 'Syslog.RFC5424', ['Syslog.RFC3164'], true],
      ['b', 'Syslog.RFC5424', ['Syslog.RFC3164'], undefined],
      [JSON.stringify({ n: 'ct' }), 'AWS.CloudTrail', undefined, true],
    ])
    expect(source.logType).toBe('Syslog.RFC5424, Syslog.RFC3164, AWS.CloudTrail')
  })

  it('marks itself failing on a missing bucket or bad credentials, never logging the secret', async () => {
    const capture = captureLogger()
    const secretAccessKey = 'wJalrXUtnFEMI-super-secret-key'
    const { source } = run(
      {
        bucket: 'no-such-bucket',
        prefixes: { '': 'Custom.App' },
        credentials: { accessKeyId: 'S3RVER', secretAccessKey },
      },
      undefined,
      capture.logger,
    )
    await eventually(() => source.health().status === 'failing')
    expect(source.health().lastError?.code).toBe('LIST_FAILED')
    expect(capture.text()).toContain('LIST_FAILED')
    expect(capture.text()).not.toContain(secretAccessKey)
    expect(JSON.stringify(source.health())).not.toContain(secretAccessKey)
  })

  it('recovers when the bucket appears', async () => {
    const { source, sink } = run({ bucket: 'late-bucket', prefixes: { '': 'Custom.App' } })
    await eventually(() => source.health().status === 'failing')
    await s3.createBucket('late-bucket')
    await s3.put('late-bucket', 'x.log', ndjson('late'))
    await sink.waitForRecords(1, 15_000)
    expect(source.health().status).toBe('ok')
  })
})

/** An S3 event notification for created objects, as S3 sends it to SQS. */
function notification(bucket: string, ...keys: string[]): string {
  return JSON.stringify({
    Records: keys.map((key) => ({
      eventName: 'ObjectCreated:Put',
      s3: { bucket: { name: bucket }, object: { key: encodeURIComponent(key), size: 10 } },
    })),
  })
}

describe('announcedObjects', () => {
  it('reads direct and SNS-wrapped notifications, decodes keys, ignores test events', () => {
    const direct = notification('b', 'logs/a b.log')
    expect(announcedObjects(direct)).toEqual([{ bucket: 'b', key: 'logs/a b.log', size: 10 }])
    const sns = JSON.stringify({ Type: 'Notification', Message: direct })
    expect(announcedObjects(sns)).toEqual(announcedObjects(direct))
    expect(announcedObjects('{"Event":"s3:TestEvent"}')).toEqual([])
    expect(() => announcedObjects('{"hello":1}')).toThrow(/not an S3 event notification/)
  })
})

describe('s3 source with SQS notifications', () => {
  const sqs = new SqsServer()
  let queueUrl: string
  beforeAll(async () => {
    queueUrl = await sqs.start()
  })
  afterAll(async () => {
    await sqs.close()
  })

  it('reads announced objects, deletes each message once durable, counts bad messages', async () => {
    await s3.createBucket('logs-q')
    await s3.put('logs-q', 'app/1.log', ndjson('q1', 'q2'))
    await s3.put('logs-q', 'app/2.log', ndjson('q3'))
    await s3.put('logs-q', 'elsewhere/3.log', ndjson('not mine'))
    sqs.send(notification('logs-q', 'app/1.log', 'elsewhere/3.log'))
    sqs.send('not json at all')
    sqs.send(JSON.stringify({ Type: 'Notification', Message: notification('logs-q', 'app/2.log') }))
    const { sink, source } = run({
      bucket: 'logs-q',
      prefixes: { 'app/': 'Custom.App' },
      listObjects: false,
      sqs: { queueUrl, waitTimeSeconds: 1 },
    })
    await sink.waitForRecords(3)
    await eventually(() => sqs.messages.length === 0, 5000, 'every message deleted')
    expect(sink.records.sort()).toEqual(['q1', 'q2', 'q3'].map((n) => JSON.stringify({ n })))
    expect(sqs.deleted).toHaveLength(3)
    expect(source.health().lastError?.code).toBe('NOTIFICATION_INVALID')
    expect(source.health().status).toBe('ok')
  })

  it('flags the batches of an object announced again (a redelivered message) as re-reads', async () => {
    await s3.createBucket('logs-r')
    await s3.put('logs-r', 'app/1.log', ndjson('r1'))
    await s3.put('logs-r', 'app/2.log', ndjson('r2'))
    sqs.send(notification('logs-r', 'app/1.log'))
    // Received once before (the reader died before deleting it): may already be durable.
    sqs.send(notification('logs-r', 'app/2.log'), 1)
    const { sink } = run({
      bucket: 'logs-r',
      prefixes: { 'app/': 'Custom.App' },
      listObjects: false,
      sqs: { queueUrl, waitTimeSeconds: 1 },
    })
    await sink.waitForRecords(2)
    const flags = Object.fromEntries(sink.batches.map((b) => [b.records[0] ?? '', b.reread]))
    expect(flags).toEqual({
      [JSON.stringify({ n: 'r1' })]: undefined,
      [JSON.stringify({ n: 'r2' })]: true,
    })
  })
})
