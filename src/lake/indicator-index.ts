import { IndicatorBloom } from './indicator-bloom.js'

/**
 * The sidecar index of one Parquet file (`<stem>.bloom`): for each run of rows that the writer
 * made one row group (rows ordered by `p_event_time`), the time range of those rows and a Bloom
 * filter of their indicator values. A search reads only the files, and within them only the time
 * ranges, whose filter may hold a value; DuckDB skips the other row groups by their statistics.
 *
 * Correctness never depends on how DuckDB laid the rows out: every row with a value lies inside
 * the time range of a chunk whose filter holds it, so reading that range finds it. The layout
 * only decides how much is read.
 */
export class IndicatorIndex {
  private constructor(readonly chunks: readonly IndexChunk[]) {}

  /** Builds the index of rows already in file order, `chunkRows` rows per chunk. */
  static build(rows: readonly IndexedRow[], chunkRows: number): IndicatorIndex {
    const chunks: IndexChunk[] = []
    for (let start = 0; start < rows.length; start += chunkRows) {
      const values = new Set<string>()
      let min: string | undefined
      let max: string | undefined
      let bounded = true
      for (let i = start; i < Math.min(rows.length, start + chunkRows); i++) {
        const row = rows[i]
        if (row === undefined) continue
        for (const value of row.values) values.add(value)
        if (row.time === undefined) bounded = false
        else {
          if (min === undefined || row.time < min) min = row.time
          if (max === undefined || row.time > max) max = row.time
        }
      }
      chunks.push({
        range: bounded && min !== undefined && max !== undefined ? [min, max] : undefined,
        bloom: IndicatorBloom.build(values, values.size),
      })
    }
    return new IndicatorIndex(chunks)
  }

  /** An index of pre-grouped chunks (compaction computes them in SQL). */
  static fromChunks(chunks: readonly IndexChunk[]): IndicatorIndex {
    return new IndicatorIndex(chunks)
  }

  /**
   * Reads a sidecar: this format, or the single whole-file filter of earlier versions. Undefined
   * when the bytes are neither (the file is then read in full, as if it had no sidecar).
   */
  static parse(data: Uint8Array): IndicatorIndex | undefined {
    if (data[0] === 1) {
      const bloom = IndicatorBloom.parse(data)
      return bloom === undefined ? undefined : new IndicatorIndex([{ range: undefined, bloom }])
    }
    if (data[0] !== version || data.length < 8) return undefined
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
    const count = view.getUint32(4, true)
    const chunks: IndexChunk[] = []
    let at = 8
    const text = (): string | undefined => {
      const length = data[at]
      if (length === undefined || at + 1 + length > data.length) return undefined
      const value = decoder.decode(data.subarray(at + 1, at + 1 + length))
      at += 1 + length
      return value
    }
    for (let i = 0; i < count; i++) {
      const bounded = data[at++] === 1
      const min = bounded ? text() : undefined
      const max = bounded ? text() : undefined
      if (at + 4 > data.length || (bounded && (min === undefined || max === undefined))) {
        return undefined
      }
      const length = view.getUint32(at, true)
      const bloom = IndicatorBloom.parse(data.subarray(at + 4, at + 4 + length))
      if (bloom === undefined) return undefined
      at += 4 + length
      chunks.push({ range: min === undefined || max === undefined ? undefined : [min, max], bloom })
    }
    return new IndicatorIndex(chunks)
  }

  /** `[2, 0, 0, 0, count u32, …chunks]`; a chunk is `bounded u8, [min, max], length u32, bloom`. */
  serialize(): Uint8Array {
    const parts: Uint8Array[] = []
    const head = new Uint8Array(8)
    head[0] = version
    new DataView(head.buffer).setUint32(4, this.chunks.length, true)
    parts.push(head)
    for (const chunk of this.chunks) {
      parts.push(Uint8Array.of(chunk.range === undefined ? 0 : 1))
      for (const time of chunk.range ?? []) {
        const bytes = encoder.encode(time).subarray(0, 255)
        parts.push(Uint8Array.of(bytes.length), bytes)
      }
      const bloom = chunk.bloom.serialize()
      const length = new Uint8Array(4)
      new DataView(length.buffer).setUint32(0, bloom.length, true)
      parts.push(length, bloom)
    }
    return Buffer.concat(parts)
  }

  /**
   * What of the file may hold one of the values: nothing (`[]`), the whole file (`'all'`, when
   * a candidate chunk has no time range or most chunks are candidates), or time ranges to read,
   * overlapping ones merged so no row is read twice.
   */
  candidates(values: readonly string[]): 'all' | [string, string][] {
    const hits = this.chunks.filter((c) => values.some((v) => c.bloom.mightContain(v)))
    if (hits.length === 0) return []
    if (hits.some((c) => c.range === undefined) || hits.length * 2 > this.chunks.length) {
      return 'all'
    }
    const ranges = hits
      .map((c) => c.range)
      .filter((r): r is [string, string] => r !== undefined)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    const merged: [string, string][] = []
    for (const [min, max] of ranges) {
      const last = merged.at(-1)
      if (last !== undefined && min <= last[1]) {
        if (max > last[1]) last[1] = max
      } else merged.push([min, max])
    }
    return merged
  }
}

/** One row group's worth of rows: its `p_event_time` range (none if a row had none) and filter. */
export interface IndexChunk {
  range: [string, string] | undefined
  bloom: IndicatorBloom
}

/** A row as the index sees it: its `p_event_time` in lake form, and its indicator values. */
export interface IndexedRow {
  time: string | undefined
  values: readonly string[]
}

const version = 2
const encoder = new TextEncoder()
const decoder = new TextDecoder()
