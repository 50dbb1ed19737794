import { createReadStream, existsSync, readdirSync } from 'node:fs'
import { Readable } from 'node:stream'
import * as zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { splitConcatenatedJson, unwrapCloudWatch } from './cloudwatch-logs.js'
import { decodeBody } from './decode-body.js'
import { splitJsonRecords } from './json-records.js'
import { readFramedBatches, type FramedBatch } from './record-stream.js'
import { zstdFrame } from '../../../test/helpers/zstd-frame.js'

/** Corpus samples, read in place from the repository's sibling folder (never copied). */
const corpus = new URL('../../../../shared/corpus/AWS.CloudWatchLogs/', import.meta.url).pathname
const haveCorpus = existsSync(corpus)
if (!haveCorpus) console.warn(`CloudWatch Logs corpus not found at ${corpus}: corpus tests skipped`)

async function frame(input: Readable, maxRecordBytes?: number): Promise<FramedBatch> {
  const all: FramedBatch = { records: [], failures: [] }
  for await (const batch of readFramedBatches(input, 1000, { maxRecordBytes })) {
    all.records.push(...batch.records)
    all.failures.push(...batch.failures)
  }
  return all
}

/** A buffer cut into pieces, as a stream delivers it. */
function chunks(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = []
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size))
  return out
}

const envelope = (messageType: string, messages: string[]) => ({
  messageType,
  owner: '123456789012',
  logGroup: 'g',
  logStream: 's',
  subscriptionFilters: ['f'],
  logEvents: messages.map((message, i) => ({ id: String(i), timestamp: 1, message })),
})

describe.skipIf(!haveCorpus)('CloudWatch Logs corpus samples', () => {
  const file = (name: string) => frame(createReadStream(`${corpus}${name}`))

  it('decodes base64(gzip) envelopes as Lambda receives them', async () => {
    expect(await file('aws-lambda-go/cloudwatch-logs-event.json')).toEqual({
      records: ['[ERROR] First test message', '[ERROR] Second test message'],
      failures: [],
    })
  })

  it('splits concatenated pretty-printed envelopes (Firehose to S3)', async () => {
    expect(await file('otel-collector-contrib/multiple_json_objects.json')).toEqual({
      records: ['some text', 'some other text'],
      failures: [],
    })
  })

  it('skips CONTROL_MESSAGE envelopes', async () => {
    expect(await file('otel-collector-contrib/valid_cloudwatch_log_control.json')).toEqual({
      records: [],
      failures: [],
    })
  })

  it('gives one record per log event, the message as it was', async () => {
    const vpc = await file('otel-collector-contrib/valid_vpc_flow_cw.json')
    expect(vpc.records).toEqual([
      '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK',
      '2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK',
    ])
    const trail = await file('otel-collector-contrib/cloudtrail_log_cw.json')
    expect(trail.records.map((r) => (JSON.parse(r) as { eventName: string }).eventName)).toEqual([
      'PutObject',
    ])
  })

  it('frames every sample with no failures: 14 log events in all', async () => {
    let events = 0
    for (const dir of readdirSync(corpus)) {
      for (const name of readdirSync(`${corpus}${dir}`)) {
        const framed = await file(`${dir}/${name}`)
        expect(framed.failures).toEqual([])
        events += framed.records.length
      }
    }
    // SOURCES.md counts 15 log events; the control message's one is not a log event.
    expect(events).toBe(14)
  })
})

describe('unwrapCloudWatch', () => {
  it('leaves other records alone and reports envelopes it cannot decode', () => {
    expect(unwrapCloudWatch('{"eventName":"x"}', 1000)).toBeUndefined()
    const bad = '{"awslogs":{"data":"bm90IGd6aXA="}}'
    expect(unwrapCloudWatch(bad, 1000)).toEqual({
      records: [],
      failures: [
        {
          raw: bad,
          reason: expect.stringMatching(
            /^CloudWatch Logs awslogs.data is not base64 gzip/,
          ) as unknown,
        },
      ],
    })
    // Records that only mention the keys are not envelopes.
    expect(unwrapCloudWatch('{"note":"logEvents","awslogs":1}', 1000)).toBeUndefined()
  })

  it('keeps an undecodable envelope as a record for callers without failures', () => {
    const bad = '{"awslogs":{"data":"%%%"}}'
    expect(
      splitJsonRecords(`${JSON.stringify(envelope('DATA_MESSAGE', ['a']))}\n${bad}\n`),
    ).toEqual(['a', bad])
  })
})

describe('readFramedBatches limits and compression', () => {
  it('turns lines over the limit into failures and reads on', async () => {
    const long = `{"a":"${'x'.repeat(5000)}"}`
    const framed = await frame(Readable.from([`{"a":1}\n${long}\n`, '{"a":2}\n']), 1000)
    expect(framed.records).toEqual(['{"a":1}', '{"a":2}'])
    expect(framed.failures).toHaveLength(1)
    expect(framed.failures[0]?.reason).toBe(
      'record of 5008 bytes is over the limit of 1000 bytes (maxRecordBytes); only its first 1024 bytes are kept',
    )
    expect(framed.failures[0]?.raw.startsWith('{"a":"xxx')).toBe(true)
    expect(framed.failures[0]?.raw.length).toBe(1025)
  })

  it('applies the limit to log event messages, not to whole documents', async () => {
    const doc = JSON.stringify(envelope('DATA_MESSAGE', ['short', 'y'.repeat(2000)]), null, 2)
    const framed = await frame(Readable.from([zlib.gzipSync(doc)]), 1000)
    expect(framed.records).toEqual(['short'])
    expect(framed.failures[0]?.reason).toMatch(/^record of 2000 bytes is over the limit/)
    const array = JSON.stringify(Array.from({ length: 50 }, (_, i) => ({ i, pad: 'z'.repeat(50) })))
    expect((await frame(Readable.from([array]), 1000)).records).toHaveLength(50)
  })

  it('reads zstd streams on every Node (fzstd), and refuses a broken one', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `{"i":${String(i)}}`).join('\n')
    const framed = await frame(Readable.from(chunks(zstdFrame(Buffer.from(lines)), 1000)))
    expect(framed.records).toHaveLength(3000)
    expect(framed.records[2999]).toBe('{"i":2999}')
    const zstdMagic = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0])
    await expect(frame(Readable.from([zstdMagic]))).rejects.toMatchObject({
      code: 'INPUT_UNREADABLE',
    })
  })
})

describe('splitConcatenatedJson', () => {
  it('splits objects written back to back, braces in strings included', () => {
    expect(splitConcatenatedJson('{"a":"}{"}{"b":[1,{"c":2}]}\n {"d":"\\"}"}')).toEqual([
      '{"a":"}{"}',
      '{"b":[1,{"c":2}]}',
      '{"d":"\\"}"}',
    ])
  })
  it('refuses anything else', () => {
    expect(splitConcatenatedJson('{"a":1}')).toBeUndefined()
    expect(splitConcatenatedJson('{"a":1} x {"b":2}')).toBeUndefined()
    expect(splitConcatenatedJson('{"a":1}{"b":')).toBeUndefined()
    expect(splitConcatenatedJson('[1]{"a":1}')).toBeUndefined()
  })
})

describe('decodeBody with zstd', () => {
  it('decodes zstd with fzstd on every Node, and refuses a broken frame as BODY_INVALID', async () => {
    const body = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0])
    await expect(decodeBody(body, 100)).rejects.toMatchObject({ code: 'BODY_INVALID' })
  })
})
