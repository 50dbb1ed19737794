import { promisify } from 'node:util'
import * as zlib from 'node:zlib'
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
      `Content-Encoding ${encoding} is not supported (use gzip)`,
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

type ZstdZlib = {
  zstdDecompressSync?: (body: Buffer, options: { maxOutputLength: number }) => Buffer
}

/** zstd where Node has it in zlib (22.15+); Node 20 refuses it with a clear error. */
function zstdDecompress(body: Buffer, maxBytes: number): Buffer {
  const decompress = (zlib as ZstdZlib).zstdDecompressSync
  if (decompress === undefined) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `zstd bodies need Node 22.15 or later (this is ${process.version}); use gzip`,
    )
  }
  try {
    return decompress(body, { maxOutputLength: maxBytes })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new AppError('BODY_TOO_LARGE', `The decompressed body is over ${maxBytes} bytes`)
    }
    throw new AppError('BODY_INVALID', `The body is not valid zstd: ${(err as Error).message}`)
  }
}
