import { deflateRawSync, inflateRawSync } from 'node:zlib'

/**
 * The sidecar index of one Parquet file (`<stem>.index`): every indicator value of the file
 * (`p_any_*` columns), each with the number of rows that hold it and the chunks (runs of
 * {@link IndicatorIndex.build}'s `chunkRows` rows in file order, the writer's row groups) where
 * they are, plus each chunk's `p_event_time` range. A search counts a value's rows from the
 * index alone, and reads only the time ranges of the chunks that hold it.
 *
 * The values are sorted and cut into blocks compressed one by one, so a lookup reads the header
 * (kept in memory) and one small block. Exact values, not a filter: the counts are true counts,
 * and a file is read only when it holds a value.
 *
 * Layout: `CIX3`, header length (u32 LE), header (JSON), blocks. A block is deflated entries
 * sorted by their UTF-8 key (column number, then value); an entry is the bytes it shares with
 * the previous key, its other bytes, its row count and its chunks (varints, chunks as deltas).
 */
export class IndicatorIndex {
  /** Each chunk's time range; undefined for a chunk with a row without time. */
  readonly chunks: readonly (TimeRange | undefined)[]

  private constructor(
    private readonly header: Header,
    /** Byte offset of each block in the index file, and one past the last. */
    private readonly offsets: readonly number[],
    private readonly firstKeys: readonly Buffer[],
  ) {
    this.chunks = header.chunks.map((c) => c ?? undefined)
  }

  /** `p_log_type` of the file's rows, when the writer knew it. */
  get logType(): string | undefined {
    return this.header.logType ?? undefined
  }

  /** Earliest and latest `p_event_time` of the rows that have one; undefined when none has. */
  get time(): TimeRange | undefined {
    return this.header.time ?? undefined
  }

  /**
   * Builds the index of rows in file order: their times, and their lists of values in the
   * order of `columns` (values that are not strings are left out, as the lake leaves them).
   * It gives the event loop a turn every few thousand rows: a 100k-row file takes about 0.3 s.
   */
  static async build(
    columns: readonly string[],
    rows: readonly IndexedRow[],
    chunkRows: number,
    logType?: string,
  ): Promise<Uint8Array> {
    // One map per column: rows' own strings are the keys, no key is built per value.
    const maps = columns.map(() => new Map<string, Building>())
    const ranges: ChunkTimes[] = []
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]
      if (row === undefined) continue
      const chunk = Math.floor(i / chunkRows)
      if (i > 0 && i % yieldRows === 0) await new Promise(setImmediate)
      const range = (ranges[chunk] ??= { min: undefined, max: undefined, bounded: true })
      const timed = row.time !== undefined
      if (row.time === undefined) range.bounded = false
      else {
        if (range.min === undefined || row.time < range.min) range.min = row.time
        if (range.max === undefined || row.time > range.max) range.max = row.time
      }
      for (let c = 0; c < maps.length; c++) {
        const list = row.values[c]
        const map = maps[c]
        if (!Array.isArray(list) || map === undefined) continue
        const values = list as unknown[]
        for (let v = 0; v < values.length; v++) {
          const value = values[v]
          if (typeof value !== 'string') continue
          const entry = map.get(value)
          if (entry === undefined) {
            map.set(value, { count: timed ? 1 : 0, chunks: [chunk], row: i, chunk })
            continue
          }
          // A row counts once however often it holds the value.
          if (entry.row === i) continue
          entry.row = i
          // Only rows with a time count: a search's time filter never matches the others.
          if (timed) entry.count++
          if (entry.chunk !== chunk) {
            entry.chunks.push(chunk)
            entry.chunk = chunk
          }
        }
      }
    }
    const entries = maps.flatMap((map, c) =>
      [...map].map(([value, e]) => ({
        key: indicatorKey(c, value),
        count: e.count,
        chunks: e.chunks,
      })),
    )
    await new Promise(setImmediate)
    return IndicatorIndex.encode(columns, ranges, entries, logType)
  }

  /** Encodes entries computed elsewhere (compaction computes them in SQL); any order. */
  static async encode(
    columns: readonly string[],
    chunks: readonly ChunkTimes[],
    entries: readonly IndexEntry[],
    logType?: string,
  ): Promise<Uint8Array> {
    const sorted = entries.map((e) => ({ ...e, bytes: Buffer.from(e.key) }))
    await new Promise(setImmediate)
    // Text order is UTF-8 byte order but for characters from U+E000 beside ones past U+FFFF,
    // and sorts in a third of the time: checked, and sorted by bytes when it differs.
    sorted.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    const inOrder = sorted.every(
      (e, i) => i === 0 || Buffer.compare(sorted[i - 1]?.bytes ?? e.bytes, e.bytes) < 0,
    )
    if (!inOrder) sorted.sort((a, b) => Buffer.compare(a.bytes, b.bytes))
    await new Promise(setImmediate)
    const blocks: Buffer[] = []
    const firstKeys: string[] = []
    let out: number[] = []
    let previous: Buffer | undefined
    for (const entry of sorted) {
      if (previous === undefined) firstKeys.push(entry.key)
      const shared = previous === undefined ? 0 : sharedPrefix(previous, entry.bytes)
      varint(out, shared)
      varint(out, entry.bytes.length - shared)
      for (let i = shared; i < entry.bytes.length; i++) out.push(entry.bytes[i] ?? 0)
      varint(out, entry.count)
      varint(out, entry.chunks.length)
      let last = 0
      for (const chunk of entry.chunks) {
        varint(out, chunk - last)
        last = chunk
      }
      previous = entry.bytes
      if (out.length >= blockBytes) {
        blocks.push(deflateRawSync(Buffer.from(out), { level: 9 }))
        out = []
        previous = undefined
        if (blocks.length % 16 === 0) await new Promise(setImmediate)
      }
    }
    if (out.length > 0) blocks.push(deflateRawSync(Buffer.from(out), { level: 9 }))
    const timed = chunks.filter((c) => c.min !== undefined && c.max !== undefined)
    const header: Header = {
      columns: [...columns],
      logType: logType ?? null,
      time:
        timed.length === 0
          ? null
          : [
              timed.map((c) => c.min ?? '').reduce((a, b) => (b < a ? b : a)),
              timed.map((c) => c.max ?? '').reduce((a, b) => (b > a ? b : a)),
            ],
      chunks: chunks.map((c) =>
        c.bounded && c.min !== undefined && c.max !== undefined ? [c.min, c.max] : null,
      ),
      blocks: blocks.map((b, i) => [firstKeys[i] ?? '', b.length]),
    }
    const json = Buffer.from(JSON.stringify(header))
    const head = Buffer.alloc(8)
    head.write(magic, 0, 'latin1')
    head.writeUInt32LE(json.length, 4)
    return Buffer.concat([head, json, ...blocks])
  }

  /**
   * Reads the header from the start of an index file: the index, or the number of bytes to
   * read when `start` is too short, or undefined when the bytes are not an index.
   */
  static parse(start: Uint8Array): IndicatorIndex | number | undefined {
    const bytes = Buffer.from(start.buffer, start.byteOffset, start.byteLength)
    if (bytes.length < 8 || bytes.toString('latin1', 0, 4) !== magic) return undefined
    const length = bytes.readUInt32LE(4)
    if (bytes.length < 8 + length) return 8 + length
    let header: Header
    try {
      header = JSON.parse(bytes.toString('utf8', 8, 8 + length)) as Header
    } catch {
      return undefined
    }
    if (!Array.isArray(header.columns) || !Array.isArray(header.blocks)) return undefined
    const offsets = [8 + length]
    for (const [, size] of header.blocks) offsets.push((offsets.at(-1) ?? 0) + size)
    return new IndicatorIndex(
      header,
      offsets,
      header.blocks.map(([key]) => Buffer.from(key)),
    )
  }

  /** The key of a value in one of the file's columns; undefined when the file lacks the column. */
  keyOf(column: string, value: string): string | undefined {
    const at = this.header.columns.indexOf(column)
    return at < 0 ? undefined : indicatorKey(at, value)
  }

  /** The bytes of the index file that may hold the key, `[start, end)`; undefined when none can. */
  blockOf(key: string): [number, number] | undefined {
    const wanted = Buffer.from(key)
    let low = 0
    let high = this.firstKeys.length - 1
    let found = -1
    while (low <= high) {
      const mid = (low + high) >>> 1
      if (Buffer.compare(this.firstKeys[mid] ?? Buffer.alloc(0), wanted) <= 0) {
        found = mid
        low = mid + 1
      } else high = mid - 1
    }
    if (found < 0) return undefined
    return [this.offsets[found] ?? 0, this.offsets[found + 1] ?? 0]
  }

  /** Finds a key in a block read at {@link blockOf}'s position. */
  static find(block: Uint8Array, key: string): IndexEntry | undefined {
    const data = inflateRawSync(block)
    const wanted = Buffer.from(key)
    let at = 0
    const next = (): number => {
      let n = 0
      let shift = 0
      for (;;) {
        const byte = data[at++] ?? 0
        n += (byte & 0x7f) * 2 ** shift
        if (byte < 0x80 || at >= data.length) return n
        shift += 7
      }
    }
    // Bytes the previous key shares with the wanted one. Keys ascend: a key that shares more
    // with the previous one is still below the wanted key, one that shares less is past it.
    let matched = 0
    while (at < data.length) {
      const shared = next()
      const rest = next()
      if (shared < matched) return undefined
      let order = -1
      if (shared === matched) {
        let i = 0
        while (i < rest && matched < wanted.length && data[at + i] === wanted[matched]) {
          i++
          matched++
        }
        if (i < rest)
          order = matched < wanted.length ? (data[at + i] ?? 0) - (wanted[matched] ?? 0) : 1
        else order = matched === wanted.length ? 0 : -1
      }
      at += rest
      const count = next()
      const chunkCount = next()
      if (order === 0) {
        const chunks: number[] = []
        let last = 0
        for (let i = 0; i < chunkCount; i++) chunks.push((last += next()))
        return { key, count, chunks }
      }
      if (order > 0) return undefined
      for (let i = 0; i < chunkCount; i++) next()
    }
    return undefined
  }
}

/** One indicator value of a file: rows holding it (rows with a time) and their chunks. */
export interface IndexEntry {
  key: string
  count: number
  chunks: readonly number[]
}

/**
 * A row as the index sees it: its `p_event_time` in lake form, and the row's value of each
 * indicator column, in the order of the index's columns.
 */
export interface IndexedRow {
  time: string | undefined
  values: readonly unknown[]
}

interface Building {
  count: number
  chunks: number[]
  /** The last row that held the value, and its chunk. */
  row: number
  chunk: number
}

/** Earliest and latest `p_event_time` of a chunk's rows; bounded when every row has one. */
export interface ChunkTimes {
  min: string | undefined
  max: string | undefined
  bounded: boolean
}

export type TimeRange = [string, string]

interface Header {
  columns: string[]
  logType: string | null
  time: TimeRange | null
  chunks: (TimeRange | null)[]
  /** First key and compressed length of each block. */
  blocks: [string, number][]
}

/** A value's key in an index: the position of its column in the index's columns, then itself. */
export function indicatorKey(column: number, value: string): string {
  return String.fromCharCode(column + 1) + value
}

/** Indicator columns of a table: Panther's `p_any_*` lists of strings. */
export function isIndicatorColumn(name: string): boolean {
  return name.startsWith('p_any_')
}

/** The sidecar of a Parquet file: same folder and stem, `.index`. */
export function indexPathOf(parquetPath: string): string {
  return `${parquetPath.slice(0, -'.parquet'.length)}.index`
}

/** The index of a Parquet file, and the Bloom filter sidecar that earlier versions wrote. */
export function sidecarsOf(parquetPath: string): string[] {
  return [indexPathOf(parquetPath), `${parquetPath.slice(0, -'.parquet'.length)}.bloom`]
}

const magic = 'CIX3'
// Rows indexed between turns of the event loop: about 10 ms of work.
const yieldRows = 4096
// Measured on CloudTrail-like files: 16 KiB of entries deflate to about 6 KiB, which inflates
// in tens of microseconds; larger blocks compress little better.
const blockBytes = 4 * 1024

function sharedPrefix(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length)
  let i = 0
  while (i < n && a[i] === b[i]) i++
  return i
}

function varint(out: number[], value: number): void {
  let n = value
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80)
    n = Math.floor(n / 0x80)
  }
  out.push(n)
}
