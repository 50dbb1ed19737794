import { IndicatorBloom } from './indicator-bloom.js'

/**
 * The sidecar index of one Parquet file (`<stem>.bloom`): for each run of `chunkRows` rows in
 * file order (what the writer makes one row group; rows ordered by `p_event_time`), the time range
 * of those rows and a Bloom filter of their indicator values. A search reads only the files, and
 * within them only the chunks, whose filter may hold a value: by row number (DuckDB keeps a
 * single source's order in `COPY`, and skips the row groups outside), or by time range for
 * sidecars written before chunks recorded their size.
 *
 * Correctness never depends on how DuckDB cut the row groups: a chunk's rows are found by their
 * number or time whichever row groups hold them. The layout only decides how much is read.
 */
export class IndicatorIndex {
  private constructor(
    readonly chunks: readonly IndexChunk[],
    /** Rows per chunk; undefined in sidecars that did not record it. */
    readonly chunkRows: number | undefined,
  ) {}

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
    return new IndicatorIndex(chunks, chunkRows)
  }

  /** An index of chunks of `chunkRows` rows in file order (compaction computes them in SQL). */
  static fromChunks(chunks: readonly IndexChunk[], chunkRows: number): IndicatorIndex {
    return new IndicatorIndex(chunks, chunkRows)
  }

  /**
   * Reads a sidecar: this format, or the single whole-file filter of earlier versions. Undefined
   * when the bytes are neither (the file is then read in full, as if it had no sidecar).
   */
  static parse(data: Uint8Array): IndicatorIndex | undefined {
    if (data[0] === 1) {
      const bloom = IndicatorBloom.parse(data)
      return bloom === undefined
        ? undefined
        : new IndicatorIndex([{ range: undefined, bloom }], undefined)
    }
    if (data[0] !== version || data.length < 8) return undefined
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
    const count = view.getUint32(4, true)
    const chunkRows = view.getUint32(0, true) >>> 8
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
    return new IndicatorIndex(chunks, chunkRows === 0 ? undefined : chunkRows)
  }

  /**
   * `[2, chunkRows u24, count u32, …chunks]`; a chunk is `bounded u8, [min, max], length u32,
   * bloom`. Sidecars written before chunkRows was recorded hold 0 there.
   */
  serialize(): Uint8Array {
    const parts: Uint8Array[] = []
    const head = new Uint8Array(8)
    const rows = this.chunkRows !== undefined && this.chunkRows < 2 ** 24 ? this.chunkRows : 0
    new DataView(head.buffer).setUint32(0, version | (rows << 8), true)
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
   * a candidate chunk has no time range or most chunks are candidates), or the candidate chunks,
   * each with its row numbers when the sidecar records the chunk size.
   */
  candidates(values: readonly string[]): 'all' | CandidateChunk[] {
    const found: CandidateChunk[] = []
    for (const [i, chunk] of this.chunks.entries()) {
      if (!values.some((v) => chunk.bloom.mightContain(v))) continue
      if (chunk.range === undefined) return 'all'
      const size = this.chunkRows
      const rows: [number, number] | undefined =
        size === undefined ? undefined : [i * size, (i + 1) * size - 1]
      found.push({ rows, time: chunk.range })
    }
    return found.length * 2 > this.chunks.length ? 'all' : found
  }
}

/** A chunk that may hold a value: its rows' numbers in the file (if known) and time range. */
export interface CandidateChunk {
  rows: [number, number] | undefined
  time: [string, string]
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
