import type { Readable } from 'node:stream'
import { decompressByMagic } from '../source-decompress.js'

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

/**
 * The object's body, decompressed by its magic bytes (gzip or zstd, whatever the key or
 * Content-Encoding says); zstd through fzstd, so Node 20 reads it too.
 */
export async function decodeObject(body: Readable): Promise<Readable> {
  return (await decompressByMagic(body)).stream
}
