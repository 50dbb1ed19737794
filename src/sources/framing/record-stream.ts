import { createInterface } from 'node:readline'
import { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { splitJsonRecords } from './json-records.js'

/**
 * Reads a stream of logs (plain or gzip, detected by magic bytes) as batches of raw records:
 * newline-delimited records stream in batches; a JSON array or a pretty-printed document (a
 * CloudTrail S3 object) is read whole, then split.
 */
export async function* readRecordBatches(
  input: Readable,
  batchSize: number,
): AsyncGenerator<string[]> {
  const lines = createInterface({ input: await maybeGunzip(input), crlfDelay: Infinity })
  let batch: string[] = []
  let document: string[] | undefined
  let first = true
  for await (const line of lines) {
    if (first) {
      if (line.trim() === '') continue
      first = false
      if (opensDocument(line)) document = []
    }
    if (document !== undefined) {
      document.push(line)
      continue
    }
    if (line.trim() === '') continue
    batch.push(line)
    if (batch.length >= batchSize) {
      yield batch
      batch = []
    }
  }
  if (document !== undefined) {
    const records = splitJsonRecords(document.join('\n'))
    for (let i = 0; i < records.length; i += batchSize) yield records.slice(i, i + batchSize)
  }
  if (batch.length > 0) yield batch
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

async function maybeGunzip(input: Readable): Promise<Readable> {
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
  return head[0] === 0x1f && head[1] === 0x8b ? rest.pipe(createGunzip()) : rest
}
