/**
 * Wraps bytes in a valid zstd frame made of raw (stored) blocks: Node 20 has no zstd compressor,
 * and any zstd decoder must read these frames, so tests can make zstd inputs without one.
 */
export function zstdFrame(data: Buffer): Buffer {
  const blockMax = 128 * 1024
  // Magic, a frame header without content size (descriptor 0), window 2^17 (= the largest block).
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38])]
  let offset = 0
  do {
    const block = data.subarray(offset, offset + blockMax)
    offset += block.length
    const last = offset >= data.length ? 1 : 0
    // Block header: last-block bit, type 0 (raw), then the size, 3 bytes little-endian.
    const header = (block.length << 3) | last
    parts.push(Buffer.from([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff]), block)
  } while (offset < data.length)
  return Buffer.concat(parts)
}
