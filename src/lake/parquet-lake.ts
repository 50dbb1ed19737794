import { mkdir } from 'node:fs/promises'
import {
  AppError,
  describeError,
  type EventRecord,
  type LakeDatabase,
  type LakeTable,
  type LakeWriter,
  type Logger,
  type Metrics,
} from '../core/index.js'
import { isIndicatorColumn } from './indicator-index.js'
import { isSafeName, lakeDatabases, resolveLakeRoot } from './lake-layout.js'
import { hourKeyOf, normalizeTimestamp } from './lake-timestamps.js'
import { ParquetFileWriter } from './parquet-file-writer.js'
import { createDeferred, type Deferred } from './serial-queue.js'
import { compileTableCodec, type TableCodec } from './table-codec.js'

/** Options of {@link createParquetLake}. */
export interface ParquetLakeOptions {
  /** Folder holding `<database>/<table>/year=…/…/*.parquet`. */
  root: string
  /** Every this many milliseconds, all buffered rows are written. */
  flushIntervalMs: number
  /** A partition (table and hour) is written as soon as it buffers this many rows. */
  maxBufferRows: number
  logger: Logger
  metrics: Metrics
}

/** A table's codec and its metric label, compiled once per distinct column tree. */
interface CompiledTable {
  id: number
  database: LakeDatabase
  name: string
  label: string
  codec: TableCodec
  /** `p_any_*` columns, whose values go into the file's index. */
  indicatorColumns: string[]
}

/** Rows of one table and hour waiting for the next flush; `done` settles when they are durable. */
interface PartitionBuffer {
  key: string
  table: CompiledTable
  hourKey: string
  lines: string[]
  /** `p_event_time` of each line, in lake form: files are ordered by it. */
  times: (string | undefined)[]
  /** Each line's values of the indicator columns, for the file's sidecar index. */
  indicators: unknown[][]
  /** `p_log_type` of the rows, for the index (one table holds one log type). */
  logType: string | undefined
  done: Deferred
}

/** Opens the lake writer: clears stale temp files and starts the flush timer. */
export async function createParquetLake(options: ParquetLakeOptions): Promise<ParquetLake> {
  if (!(options.flushIntervalMs > 0) || !(options.maxBufferRows >= 1)) {
    throw new AppError('CONFIG_INVALID', 'flushIntervalMs and maxBufferRows must be positive')
  }
  const root = resolveLakeRoot(options.root)
  await mkdir(root, { recursive: true })
  const files = await ParquetFileWriter.open(root)
  return new ParquetLake(options, files)
}

/**
 * The lake writer: buffers rows per (database, table, hour) and writes each buffer as one ZSTD
 * Parquet file. `write()` resolves when the flush holding its rows is durable. Flushes of
 * different partitions overlap; their DuckDB statements run one at a time on one connection.
 */
export class ParquetLake implements LakeWriter {
  private readonly buffers = new Map<string, PartitionBuffer>()
  private readonly flushes = new Set<Promise<AppError | undefined>>()
  private readonly byTable = new WeakMap<LakeTable, CompiledTable>()
  private readonly bySignature = new Map<string, CompiledTable>()
  private readonly timer: NodeJS.Timeout
  private readonly logger: Logger
  private readonly metrics: Metrics
  private readonly maxBufferRows: number
  private bufferedRows = 0
  private flushingRows = 0
  private closing: Promise<void> | undefined

  /** Use {@link createParquetLake}. */
  constructor(
    options: ParquetLakeOptions,
    private readonly files: ParquetFileWriter,
  ) {
    this.logger = options.logger
    this.metrics = options.metrics
    this.maxBufferRows = Math.floor(options.maxBufferRows)
    this.timer = setInterval(() => {
      if (this.buffers.size > 0) this.flush().catch(() => undefined)
    }, options.flushIntervalMs)
    // An idle lake must not keep the process alive; reportDepth() refs the timer only while rows
    // wait for it, so an awaited write() cannot be stranded by the event loop running dry.
    this.timer.unref()
  }

  /** Buffers the rows; resolves once every one of them is in a durable Parquet file. */
  async write(table: LakeTable, rows: readonly EventRecord[]): Promise<void> {
    if (this.closing !== undefined) {
      throw new AppError('SHUTTING_DOWN', 'The lake is closing; the rows were not written')
    }
    if (rows.length === 0) return
    const compiled = this.compile(table)
    this.metrics.eventsIn('lake', compiled.label, rows.length)
    const now = new Date()
    const waits = new Set<Promise<void>>()
    for (const row of rows) {
      const time = normalizeTimestamp(row.p_event_time)
      const buffer = this.bufferFor(compiled, partitionHour(time, row, now))
      buffer.lines.push(compiled.codec.encode(row))
      buffer.times.push(time)
      buffer.indicators.push(compiled.indicatorColumns.map((column) => row[column]))
      if (typeof row.p_log_type === 'string') buffer.logType ??= row.p_log_type
      this.bufferedRows++
      waits.add(buffer.done.promise)
      if (buffer.lines.length >= this.maxBufferRows) this.startFlush(buffer)
    }
    this.reportDepth()
    await Promise.all(waits)
  }

  /** Writes every buffered row now; rejects if any flush it waited for failed. */
  async flush(): Promise<void> {
    for (const buffer of [...this.buffers.values()]) this.startFlush(buffer)
    const results = await Promise.all([...this.flushes])
    const failure = results.find((r) => r !== undefined)
    if (failure !== undefined) throw failure
  }

  /** Flushes, then closes DuckDB. Writes after this reject with `SHUTTING_DOWN`. */
  close(): Promise<void> {
    this.closing ??= this.shutdown()
    return this.closing
  }

  private async shutdown(): Promise<void> {
    clearInterval(this.timer)
    try {
      await this.flush()
    } finally {
      await this.files.close()
    }
  }

  private compile(table: LakeTable): CompiledTable {
    const cached = this.byTable.get(table)
    if (cached !== undefined) return cached
    if (!lakeDatabases.includes(table.database) || !isSafeName(table.name)) {
      throw new AppError('INTERNAL', `Invalid lake table ${table.database}.${table.name}`)
    }
    if (table.columns.length === 0) {
      throw new AppError('INTERNAL', `Lake table ${table.database}.${table.name} has no columns`)
    }
    const codec = compileTableCodec(table)
    const signature = `${table.database}.${table.name}:${codec.readJsonColumns}`
    let compiled = this.bySignature.get(signature)
    if (compiled === undefined) {
      const label = `${table.database}.${table.name}`
      compiled = {
        id: this.bySignature.size,
        database: table.database,
        name: table.name,
        label,
        codec,
        indicatorColumns: table.columns.map((c) => c.name).filter(isIndicatorColumn),
      }
      this.bySignature.set(signature, compiled)
      if (codec.duplicates.length > 0) {
        this.logger.warn(
          { table: label, columns: codec.duplicates },
          'Columns with duplicate names are left out of the lake',
        )
      }
    }
    this.byTable.set(table, compiled)
    return compiled
  }

  private bufferFor(table: CompiledTable, hourKey: string): PartitionBuffer {
    const key = `${String(table.id)}|${hourKey}`
    let buffer = this.buffers.get(key)
    if (buffer === undefined) {
      buffer = {
        key,
        table,
        hourKey,
        lines: [],
        times: [],
        indicators: [],
        logType: undefined,
        done: createDeferred(),
      }
      this.buffers.set(key, buffer)
    }
    return buffer
  }

  private startFlush(buffer: PartitionBuffer): void {
    // Detach first: rows written from now on go to a new buffer and a new file.
    this.buffers.delete(buffer.key)
    const rows = buffer.lines.length
    this.bufferedRows -= rows
    this.flushingRows += rows
    const flush = this.runFlush(buffer).finally(() => {
      this.flushes.delete(flush)
      this.flushingRows -= rows
      this.reportDepth()
    })
    this.flushes.add(flush)
  }

  /** Writes one buffer; never rejects: the outcome goes to the buffer's waiters and the result. */
  private async runFlush(buffer: PartitionBuffer): Promise<AppError | undefined> {
    const { table, hourKey, lines } = buffer
    const started = performance.now()
    try {
      const file = await this.files.write({
        database: table.database,
        table: table.name,
        hourKey,
        codec: table.codec,
        lines,
        times: buffer.times,
        indicators: { columns: table.indicatorColumns, values: buffer.indicators },
        logType: buffer.logType,
      })
      const seconds = (performance.now() - started) / 1000
      this.metrics.eventsOut('lake', table.label, lines.length)
      this.metrics.latency('lake', seconds)
      this.logger.debug(
        {
          table: table.label,
          hour: hourKey,
          rows: lines.length,
          file: file.path,
          bytes: file.bytes,
        },
        'Flushed rows to the lake',
      )
      buffer.done.resolve()
      return undefined
    } catch (err) {
      const error = new AppError(
        'LAKE_WRITE_FAILED',
        `Could not write ${String(lines.length)} rows to ${table.label}: ${describeError(err)}`,
        { cause: err, details: { table: table.label, hour: hourKey, rows: lines.length } },
      )
      this.metrics.errors('lake', table.label, 'LAKE_WRITE_FAILED')
      this.logger.error(
        { err, table: table.label, hour: hourKey, rows: lines.length },
        'Lake flush failed; the rows are not durable',
      )
      buffer.done.reject(error)
      return error
    }
  }

  private reportDepth(): void {
    this.metrics.queueDepth('lake_buffer', this.bufferedRows + this.flushingRows)
    if (this.bufferedRows > 0 && this.closing === undefined) this.timer.ref()
    else this.timer.unref()
  }
}

/** The hour of `p_event_time`, else of `p_parse_time`, else of now. */
function partitionHour(eventTime: string | undefined, row: EventRecord, now: Date): string {
  const time = eventTime ?? normalizeTimestamp(row.p_parse_time) ?? normalizeTimestamp(now)
  return hourKeyOf(time ?? '1970-01-01 00')
}
