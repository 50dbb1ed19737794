/**
 * A Bloom filter of the indicator values (`p_any_*`) of one Parquet file, stored beside it as
 * `<file stem>.bloom`: an indicator search reads only the files whose filter may hold a value.
 * A file without one is always read, so a missing or stale filter costs time, never results.
 */
export class IndicatorBloom {
  private constructor(
    private readonly bits: Uint8Array,
    private readonly hashes: number,
  ) {}

  /**
   * About 0.05% false positives: 16 bits and 11 hashes per distinct value. A false positive
   * costs a row group read (milliseconds), and a lake has thousands of row groups, so a filter
   * of 1% would send most searches to a few groups for nothing; the filters stay near 1% of the
   * lake's size.
   */
  static build(values: Iterable<string>, count: number): IndicatorBloom {
    const size = Math.max(64, Math.ceil((Math.max(1, count) * 16) / 8))
    const bloom = new IndicatorBloom(new Uint8Array(size), 11)
    for (const value of values) bloom.add(value)
    return bloom
  }

  /** Reads a serialized filter; undefined when the bytes are not one. */
  static parse(data: Uint8Array): IndicatorBloom | undefined {
    if (data.length < 5 || data[0] !== version) return undefined
    const hashes = data[1] ?? 0
    if (hashes < 1 || hashes > 16) return undefined
    return new IndicatorBloom(data.subarray(4), hashes)
  }

  /** `[version, hashes, 0, 0, ...bits]` */
  serialize(): Uint8Array {
    const out = new Uint8Array(this.bits.length + 4)
    out[0] = version
    out[1] = this.hashes
    out.set(this.bits, 4)
    return out
  }

  mightContain(value: string): boolean {
    const m = this.bits.length * 8
    const [h1, h2] = hashPair(value)
    for (let i = 0; i < this.hashes; i++) {
      const bit = (h1 + Math.imul(i, h2)) >>> 0
      const at = bit % m
      if (((this.bits[at >>> 3] ?? 0) & (1 << (at & 7))) === 0) return false
    }
    return true
  }

  private add(value: string): void {
    const m = this.bits.length * 8
    const [h1, h2] = hashPair(value)
    for (let i = 0; i < this.hashes; i++) {
      const at = ((h1 + Math.imul(i, h2)) >>> 0) % m
      this.bits[at >>> 3] = (this.bits[at >>> 3] ?? 0) | (1 << (at & 7))
    }
  }
}

const version = 1

/** Two independent 32-bit hashes (FNV-1a and a multiplicative one) for double hashing. */
function hashPair(value: string): [number, number] {
  let a = 0x811c9dc5
  let b = 0x9747b28c
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(b ^ c, 0x5bd1e995)
    b ^= b >>> 15
  }
  return [a >>> 0, (b | 1) >>> 0]
}

/** The sidecar of a Parquet file: same folder and stem, `.bloom`. */
export function bloomPathOf(parquetPath: string): string {
  return `${parquetPath.slice(0, -'.parquet'.length)}.bloom`
}

/** Indicator columns of a table: Panther's `p_any_*` lists of strings. */
export function isIndicatorColumn(name: string): boolean {
  return name.startsWith('p_any_')
}
