import { Readable } from 'node:stream'
import * as zlib from 'node:zlib'
import { Decompress } from 'fzstd'
import { AppError, type ParseFailure } from '../../core/index.js'
import { boundedLines } from './bounded-lines.js'
import {
  frameRecords,
  defaultMaxRecordBytes,
  oversize,
  type FramingOptions,
} from './frame-records.js'
import { splitJsonDocuments } from './json-records.js'

/** A batch of framed records, and the records framing could not deliver (with their reason). */
export interface FramedBatch {
  records: string[]
  failures: ParseFailure[]
}

/**
 * Reads a stream of logs (plain, gzip or zstd, detected by magic bytes) as batches of raw
 * records: newline-delimited records stream in batches; a JSON array or a multi-line document (a
 * CloudTrail S3 object, concatenated CloudWatch Logs envelopes) is read whole, then split.
 * CloudWatch Logs envelopes give one record per log event; lines over `maxRecordBytes` become
 * failures and are never held whole in memory.
 */
export async function* readFramedBatches(
  input: Readable,
  batchSize: number,
  options: FramingOptions = {},
): AsyncGenerator<FramedBatch> {
  const max = options.maxRecordBytes ?? defaultMaxRecordBytes
  let limit = max
  let batch: FramedBatch = { records: [], failures: [] }
  let document: string[] | undefined
  let first = true
  // A JSON array is one document however long its first line is.
  const limitOf = (start: Buffer) =>
    first && /^\s*\[/.test(start.toString('latin1')) ? Infinity : limit
  for await (const line of boundedLines(await decompress(input), limitOf)) {
    if ('oversize' in line) {
      batch.failures.push(oversize(line.head, line.oversize, max))
      first = false
      continue
    }
    if (first) {
      if (line.text.trim() === '') continue
      first = false
      if (opensDocument(line.text)) {
        // A whole document is bounded by the file or body, not by the record limit.
        limit = Infinity
        document = []
      }
    }
    if (document !== undefined) {
      document.push(line.text)
      continue
    }
    if (line.text.trim() === '') continue
    const framed = frameRecords([line.text], options)
    batch.records.push(...framed.records)
    batch.failures.push(...framed.failures)
    if (batch.records.length + batch.failures.length >= batchSize) {
      yield batch
      batch = { records: [], failures: [] }
    }
  }
  if (document !== undefined) {
    const framed = frameRecords(splitJsonDocuments(document.join('\n')), options)
    batch.failures.push(...framed.failures)
    for (let i = 0; i < framed.records.length; i += batchSize) {
      batch.records.push(...framed.records.slice(i, i + batchSize))
      yield batch
      batch = { records: [], failures: [] }
    }
  }
  if (batch.records.length > 0 || batch.failures.length > 0) yield batch
}

/**
 * `readFramedBatches` for callers that take records only: no length limit, and a CloudWatch
 * envelope that cannot be decoded stays one record, so it fails at parsing with the log type's
 * reason rather than being dropped.
 */
export async function* readRecordBatches(
  input: Readable,
  batchSize: number,
): AsyncGenerator<string[]> {
  for await (const batch of readFramedBatches(input, batchSize, { maxRecordBytes: Infinity })) {
    const records = [...batch.records, ...batch.failures.map((f) => f.raw)]
    if (records.length > 0) yield records
  }
}

/** A first line that is `[…` or a `{` that does not close on the same line starts a document. */
function opensDocument(line: string): boolean {
  const trimmed = line.trim()
  if (trimmed.startsWith('[')) return true
  if (!trimmed.startsWith('{')) return false
  try {
    JSON.parse(trimmed)
    return false
  } catch {
    return true
  }
}

/** The stream, decompressed by its magic bytes: gzip with zlib, zstd with fzstd (any Node). */
async function decompress(input: Readable): Promise<Readable> {
  const iterator = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>
  const first = await iterator.next()
  const head = first.done === true ? Buffer.alloc(0) : Buffer.from(first.value)
  // Put the peeked chunk back in front of the rest of the stream.
  const rest = Readable.from(
    (async function* () {
      if (head.length > 0) yield head
      for (;;) {
        const next = await iterator.next()
        if (next.done === true) return
        yield next.value
      }
    })(),
  )
  if (head[0] === 0x1f && head[1] === 0x8b) return rest.pipe(zlib.createGunzip())
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return Readable.from(unzstd(rest))
  return rest
}

/** zstd, block by block: only the blocks of one input chunk are held at a time. */
async function* unzstd(input: Readable): AsyncGenerator<Buffer> {
  let out: Buffer[] = []
  const decompressor = new Decompress((chunk) => {
    out.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))
  })
  const push = (chunk: Uint8Array, final: boolean) => {
    try {
      decompressor.push(chunk, final)
    } catch (err) {
      throw new AppError(
        'INPUT_UNREADABLE',
        `The input is not valid zstd: ${(err as Error).message}`,
      )
    }
  }
  for await (const chunk of input) {
    push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer), false)
    yield* out
    out = []
  }
  push(new Uint8Array(0), true)
  yield* out
}
