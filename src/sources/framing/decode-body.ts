import { promisify } from 'node:util'
import { gunzip } from 'node:zlib'
import { AppError } from '../../core/index.js'

const gunzipAsync = promisify(gunzip)
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

/**
 * Turns a received body into text: gunzips it when it is gzip (by header or by its magic bytes),
 * refuses output over `maxBytes` and bytes that are not UTF-8.
 */
export async function decodeBody(
  body: Buffer,
  maxBytes: number,
  encoding?: string,
): Promise<string> {
  const gzipped = encoding === 'gzip' || (body.length > 2 && body[0] === 0x1f && body[1] === 0x8b)
  if (encoding !== undefined && encoding !== 'gzip' && encoding !== 'identity') {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Content-Encoding ${encoding} is not supported (use gzip)`,
    )
  }
  let bytes = body
  if (gzipped) {
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
