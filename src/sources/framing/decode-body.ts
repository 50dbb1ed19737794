import { promisify } from 'node:util'
import * as zlib from 'node:zlib'
import { Decompress } from 'fzstd'
import { AppError } from '../../core/index.js'

const gunzipAsync = promisify(zlib.gunzip)
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

/**
 * Turns a received body into text: decompresses gzip or zstd (by header or by magic bytes),
 * refuses output over `maxBytes` and bytes that are not UTF-8.
 */
export async function decodeBody(
  body: Buffer,
  maxBytes: number,
  encoding?: string,
): Promise<string> {
  const gzipped = encoding === 'gzip' || (body.length > 2 && body[0] === 0x1f && body[1] === 0x8b)
  const zstd = encoding === 'zstd' || (body.length >= 4 && body.readUInt32LE(0) === 0xfd2fb528)
  if (encoding !== undefined && !['gzip', 'zstd', 'identity'].includes(encoding)) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Content-Encoding ${encoding} is not supported (use gzip or zstd)`,
    )
  }
  let bytes = zstd ? zstdDecompress(body, maxBytes) : body
  if (gzipped && !zstd) {
    try {
      bytes = await gunzipAsync(body, { maxOutputLength: maxBytes })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new AppError('BODY_TOO_LARGE', `The decompressed body is over ${maxBytes} bytes`)
      }
      throw new AppError('BODY_INVALID', `The body is not valid gzip: ${(err as Error).message}`)
    }
  }
  if (bytes.length > maxBytes) {
    throw new AppError('BODY_TOO_LARGE', `The body is over ${maxBytes} bytes`)
  }
  try {
    return utf8.decode(bytes)
  } catch {
    throw new AppError('BODY_INVALID', 'The body is not UTF-8 text')
  }
}

/** Thrown from inside the decompressor to stop it at the limit. */
class OverLimit extends Error {}

/**
 * zstd with fzstd (Node 20's zlib has none), streamed block by block so a decompression bomb is
 * stopped as soon as its output passes `maxBytes`, like gzip's `maxOutputLength`.
 */
function zstdDecompress(body: Buffer, maxBytes: number): Buffer {
  const parts: Uint8Array[] = []
  let size = 0
  const decompressor = new Decompress((chunk) => {
    size += chunk.length
    if (size > maxBytes) throw new OverLimit()
    parts.push(chunk)
  })
  try {
    // Small input slices keep each push's output (and so the overshoot) to a few blocks.
    const step = 64 * 1024
    for (let from = 0; from < body.length; from += step) {
      const end = Math.min(from + step, body.length)
      decompressor.push(body.subarray(from, end), end === body.length)
    }
  } catch (err) {
    if (err instanceof OverLimit) {
      throw new AppError('BODY_TOO_LARGE', `The decompressed body is over ${maxBytes} bytes`)
    }
    throw new AppError('BODY_INVALID', `The body is not valid zstd: ${(err as Error).message}`)
  }
  return Buffer.concat(parts, size)
}
