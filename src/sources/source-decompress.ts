import { Readable } from 'node:stream'
import * as zlib from 'node:zlib'
import { Decompress } from 'fzstd'

/** What a stream turned out to hold, by its first bytes. */
export type Compression = 'gzip' | 'zstd' | 'none'

/** A zstd frame starts with these bytes (little-endian 0xFD2FB528). */
const zstdMagic = 0xfd2fb528

/** A content problem with the compressed bytes (not the disk or connection). */
export class CompressedInputInvalid extends Error {
  override readonly name = 'CompressedInputInvalid'
}

/**
 * The stream decompressed by its magic bytes, whatever its name or Content-Encoding says: gzip
 * through zlib, zstd through fzstd (pure JavaScript, so it works on Node 20 whose zlib has no
 * zstd). Text that is neither passes through untouched.
 */
export async function decompressByMagic(
  input: Readable,
): Promise<{ stream: Readable; compression: Compression }> {
  const iterator = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>
  const first = await iterator.next()
  const head = first.done === true ? Buffer.alloc(0) : Buffer.from(first.value)
  const rest = (async function* () {
    if (head.length > 0) yield head
    for (;;) {
      const next = await iterator.next()
      if (next.done === true) return
      yield Buffer.from(next.value)
    }
  })()
  if (head[0] === 0x1f && head[1] === 0x8b) {
    return { stream: Readable.from(rest).pipe(zlib.createGunzip()), compression: 'gzip' }
  }
  if (head.length >= 4 && head.readUInt32LE(0) === zstdMagic) {
    return { stream: Readable.from(unzstd(rest)), compression: 'zstd' }
  }
  return { stream: Readable.from(rest), compression: 'none' }
}

/** Streams zstd frames out as they decode, so a large object is never held whole. */
async function* unzstd(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let out: Buffer[] = []
  const decoder = new Decompress((data) => {
    out.push(Buffer.from(data))
  })
  const drain = () => {
    const ready = out
    out = []
    return ready
  }
  const push = (chunk: Uint8Array, final: boolean) => {
    try {
      decoder.push(chunk, final)
    } catch (err) {
      // fzstd throws plain errors on corrupt frames; name the input's problem, keep the cause.
      throw new CompressedInputInvalid(`not valid zstd: ${(err as Error).message}`, { cause: err })
    }
  }
  for await (const chunk of chunks) {
    push(chunk, false)
    yield* drain()
  }
  push(new Uint8Array(0), true)
  yield* drain()
}
