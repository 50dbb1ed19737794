import { Readable } from 'node:stream'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { decodeBody } from './decode-body.js'
import { splitJsonRecords } from './json-records.js'
import { readRecordBatches } from './record-stream.js'

describe('splitJsonRecords', () => {
  it('splits NDJSON into lines, skipping blank ones and CRLF', () => {
    expect(splitJsonRecords('{"a":1}\r\n\n{"a":2}\n')).toEqual(['{"a":1}', '{"a":2}'])
  })
  it('gives the elements of a JSON array', () => {
    expect(splitJsonRecords(' [{"a":1}, {"b":[2]}]')).toEqual(['{"a":1}', '{"b":[2]}'])
  })
  it('keeps a pretty-printed document whole', () => {
    const doc = '{\n  "Records": [\n    {"a": 1}\n  ]\n}\n'
    expect(splitJsonRecords(doc)).toEqual([doc])
  })
  it('keeps a bad line as a record, so it can fail with its reason', () => {
    expect(splitJsonRecords('{"a":1}\n{"a":\n')).toEqual(['{"a":1}', '{"a":'])
  })
  it('refuses a broken JSON array whole', () => {
    expect(() => splitJsonRecords('[{"a":1}, {"a":')).toThrow(
      /starts a JSON array but is not valid JSON/,
    )
  })
})

describe('decodeBody', () => {
  it('gunzips by magic bytes and by header', async () => {
    const gz = gzipSync('{"a":1}\n')
    expect(await decodeBody(gz, 100)).toBe('{"a":1}\n')
    expect(await decodeBody(gz, 100, 'gzip')).toBe('{"a":1}\n')
  })
  it('refuses decompressed bodies over the limit (gzip bombs)', async () => {
    const bomb = gzipSync(Buffer.alloc(1_000_000, 'a'))
    await expect(decodeBody(bomb, 1000)).rejects.toMatchObject({ code: 'BODY_TOO_LARGE' })
  })
  it('refuses bad gzip and bytes that are not UTF-8', async () => {
    await expect(decodeBody(Buffer.from([0x1f, 0x8b, 1, 2, 3]), 100)).rejects.toMatchObject({
      code: 'BODY_INVALID',
    })
    await expect(decodeBody(Buffer.from([0xff, 0xfe, 0xfd]), 100)).rejects.toMatchObject({
      code: 'BODY_INVALID',
    })
  })
})

describe('readRecordBatches', () => {
  const collect = async (input: Readable, size: number) => {
    const batches: string[][] = []
    for await (const batch of readRecordBatches(input, size)) batches.push(batch)
    return batches
  }
  it('streams lines in batches', async () => {
    const text = Array.from({ length: 5 }, (_, i) => `{"i":${i}}`).join('\n')
    expect(await collect(Readable.from([text]), 2)).toEqual([
      ['{"i":0}', '{"i":1}'],
      ['{"i":2}', '{"i":3}'],
      ['{"i":4}'],
    ])
  })
  it('reads gzip and a pretty-printed document', async () => {
    const doc = '{\n "Records": [\n  {"i": 1}\n ]\n}'
    const batches = await collect(Readable.from([gzipSync(doc)]), 10)
    expect(batches).toEqual([[doc]])
  })
})
