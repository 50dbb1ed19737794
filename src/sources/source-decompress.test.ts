import { Readable } from 'node:stream'
import { text } from 'node:stream/consumers'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { zstdFrame } from '../../test/helpers/zstd-frame.js'
import { CompressedInputInvalid, decompressByMagic } from './source-decompress.js'

/** A stream of the bytes in small chunks, as files and sockets deliver them. */
const chunked = (bytes: Buffer) =>
  Readable.from(
    Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7)),
  )

describe('decompressByMagic', () => {
  const body = 'one\ntwo\n'.repeat(50_000)

  it('reads gzip, zstd (on Node 20) and plain text by their first bytes', async () => {
    for (const [bytes, compression] of [
      [gzipSync(body), 'gzip'],
      [zstdFrame(Buffer.from(body)), 'zstd'],
      [Buffer.from(body), 'none'],
    ] as const) {
      const decoded = await decompressByMagic(chunked(bytes))
      expect(decoded.compression).toBe(compression)
      expect(await text(decoded.stream)).toBe(body)
    }
  })

  it('passes an empty input through, and names a corrupt zstd frame', async () => {
    expect(await text((await decompressByMagic(Readable.from([]))).stream)).toBe('')
    const corrupt = Buffer.concat([zstdFrame(Buffer.from('x')).subarray(0, 6), Buffer.from([7, 7])])
    const decoded = await decompressByMagic(Readable.from([corrupt]))
    await expect(text(decoded.stream)).rejects.toBeInstanceOf(CompressedInputInvalid)
  })
})
