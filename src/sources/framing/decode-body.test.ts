import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { zstdFrame } from '../../../test/helpers/zstd-frame.js'
import { decodeBody } from './decode-body.js'

/** A zstd frame of RLE blocks: 4 bytes each that expand to 128 KiB, a decompression bomb. */
function zstdBomb(blocks: number): Buffer {
  const size = 128 * 1024
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38])]
  for (let i = 0; i < blocks; i++) {
    const last = i === blocks - 1 ? 1 : 0
    // Block type 1 (RLE): one byte, repeated `size` times.
    const header = (size << 3) | (1 << 1) | last
    parts.push(Buffer.from([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff, 0x61]))
  }
  return Buffer.concat(parts)
}

describe('decodeBody', () => {
  const ndjson = '{"a":1}\n{"a":2}\n'

  it('decodes zstd bodies, by header and by magic bytes', async () => {
    const body = zstdFrame(Buffer.from(ndjson))
    expect(await decodeBody(body, 1024, 'zstd')).toBe(ndjson)
    expect(await decodeBody(body, 1024)).toBe(ndjson)
  })

  it('decodes RLE zstd blocks (real decompression, not only stored blocks)', async () => {
    expect(await decodeBody(zstdBomb(2), 1024 * 1024, 'zstd')).toBe('a'.repeat(256 * 1024))
  })

  it('stops a zstd bomb at the decompressed-size limit, like gzip', async () => {
    // 8 KiB on the wire that would expand to 256 MiB.
    const bomb = zstdBomb(2048)
    expect(bomb.length).toBeLessThan(10_000)
    await expect(decodeBody(bomb, 1024 * 1024, 'zstd')).rejects.toMatchObject({
      code: 'BODY_TOO_LARGE',
    })
    const gzipBomb = gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x61))
    await expect(decodeBody(gzipBomb, 1024 * 1024, 'gzip')).rejects.toMatchObject({
      code: 'BODY_TOO_LARGE',
    })
  })

  it('refuses broken zstd and unknown encodings with their codes', async () => {
    const broken = zstdFrame(Buffer.from(ndjson)).subarray(0, 12)
    await expect(decodeBody(broken, 1024, 'zstd')).rejects.toMatchObject({ code: 'BODY_INVALID' })
    await expect(decodeBody(Buffer.from(ndjson), 1024, 'br')).rejects.toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
    })
  })
})
