import { Readable } from 'node:stream'
import * as zlib from 'node:zlib'

/** The log type of a key: the one of the longest configured prefix it starts with. */
export function prefixOf(key: string, prefixes: readonly string[]): string | undefined {
  let best: string | undefined
  for (const prefix of prefixes) {
    if (key.startsWith(prefix) && (best === undefined || prefix.length > best.length)) {
      best = prefix
    }
  }
  return best
}

/**
 * Why an object is not read, or undefined to read it: folder markers, empty objects and
 * CloudTrail digest files (integrity proofs, not events) are skipped.
 */
export function skipReason(key: string, size: number | undefined): string | undefined {
  if (key.endsWith('/')) return 'folder marker'
  if (size === 0) return 'empty object'
  if (key.includes('/CloudTrail-Digest/') || key.includes('_CloudTrail-Digest_')) {
    return 'CloudTrail digest'
  }
  return undefined
}

/** A content problem with one object (not the connection): it is skipped, counted and reported. */
export class ObjectUnreadable extends Error {
  override readonly name = 'ObjectUnreadable'
}

type ZstdZlib = { createZstdDecompress?: () => NodeJS.ReadWriteStream }

/**
 * The object's body, decompressed: gzip is detected by its magic bytes (whatever the
 * Content-Encoding says) and left to the record reader; zstd needs a Node with zstd in zlib
 * (22.15+), else the object is refused with a clear error.
 */
export async function decodeObject(body: Readable): Promise<Readable> {
  const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  const first = await iterator.next()
  const head = first.done === true ? Buffer.alloc(0) : Buffer.from(first.value)
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
  if (head.length < 4 || head.readUInt32LE(0) !== 0xfd2fb528) return rest
  const createZstd = (zlib as ZstdZlib).createZstdDecompress
  if (createZstd === undefined) {
    rest.destroy()
    throw new ObjectUnreadable(
      `zstd objects need Node 22.15 or later (this is ${process.version}); store them gzip`,
    )
  }
  return rest.pipe(createZstd()) as unknown as Readable
}
