import { join } from 'node:path'
import {
  StatementType,
  type DuckDBConnection,
  type DuckDBPreparedStatement,
  type DuckDBResultReader,
} from '@duckdb/node-api'
import { AppError, describeError, type Logger } from '../core/index.js'
import { plainValueConverter } from './duckdb-values.js'
import { openSandbox, type Sandbox } from './duckdb-sandbox.js'
import { lakeDatabases, resolveLakeRoot } from './lake-layout.js'
import { LakeViews } from './lake-views.js'
import { expandTimeMacros } from './time-macros.js'
import { SerialQueue } from './serial-queue.js'

/** Options of {@link openLakeReader}. */
export interface LakeReaderOptions {
  /** The lake root the writer uses. */
  root: string
  /** DuckDB `memory_limit` of the sandbox, e.g. `1GB` (default). */
  memoryLimit?: string
  /** Rows returned at most by one query (default 10000). */
  maxRows?: number
  /** DuckDB worker threads (default: DuckDB's, the number of cores). */
  threads?: number
  /** Where to report tables whose files cannot be read. */
  logger?: Logger
}

/** One column of a query result, with its DuckDB type as SQL text. */
export interface ResultColumn {
  name: string
  type: string
}

/** A query's result: columns (known even without rows), rows, and whether rows were cut off. */
export interface QueryResult {
  columns: ResultColumn[]
  rows: Record<string, unknown>[]
  truncated: boolean
}

/** Read-only SQL over the lake, one view per table, in a DuckDB sandbox. */
export interface LakeReader {
  /** Runs one SELECT; its rows as plain JSON-able objects, at most `maxRows`. */
  query(sql: string, signal?: AbortSignal): Promise<Record<string, unknown>[]>
  /** Like `query`, with the result's columns and whether it was truncated. */
  execute(sql: string, signal?: AbortSignal): Promise<QueryResult>
  /**
   * Runs several SELECTs side by side, each on its own connection (DuckDB runs a small scan on
   * one thread, so a few of them at once finish sooner); the rows of each, in order.
   */
  queryAll(sqls: readonly string[], signal?: AbortSignal): Promise<Record<string, unknown>[][]>
  /**
   * Streams every row of one SELECT, in chunks, to `onChunk` (awaited: its pace is the
   * backpressure). Rows are plain JSON objects; no row limit applies.
   */
  scan(
    sql: string,
    onChunk: (rows: Record<string, unknown>[]) => Promise<void>,
    signal?: AbortSignal,
  ): Promise<number>
  close(): Promise<void>
}

const defaultMaxRows = 10_000
// Measured fetching rows of 5 row groups on 2 cores: 3 connections 40 ms, 2 47 ms, 1 70 ms.
const maxSideBySide = 3
const readOnlyStatements = new Set<StatementType>([StatementType.SELECT, StatementType.EXPLAIN])

/** Opens the SQL sandbox over the lake; views are kept in step with the table folders. */
export async function openLakeReader(options: LakeReaderOptions): Promise<LakeReader> {
  const root = resolveLakeRoot(options.root)
  const sandbox = await openSandbox({
    allowedDirectories: lakeDatabases.map((d) => join(root, d)),
    memoryLimit: options.memoryLimit ?? '1GB',
    threads: options.threads,
  })
  try {
    const views = new LakeViews(sandbox.connection, root, options.logger)
    await views.createSchemas()
    return new DuckDBLakeReader(sandbox, views, options.maxRows)
  } catch (err) {
    sandbox.close()
    throw err
  }
}

class DuckDBLakeReader implements LakeReader {
  private readonly queue = new SerialQueue()
  private readonly connection: DuckDBConnection
  private readonly others: DuckDBConnection[] = []
  private readonly maxRows: number
  private closed = false

  constructor(
    private readonly sandbox: Sandbox,
    private readonly views: LakeViews,
    maxRows: number | undefined,
  ) {
    this.connection = sandbox.connection
    this.maxRows = Math.max(1, Math.floor(maxRows ?? defaultMaxRows))
  }

  async query(sql: string, signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    return (await this.execute(sql, signal)).rows
  }

  execute(sql: string, signal?: AbortSignal): Promise<QueryResult> {
    if (this.closed) {
      return Promise.reject(new AppError('SHUTTING_DOWN', 'The lake reader is closed'))
    }
    return this.queue.run(async () => {
      signal?.throwIfAborted()
      await this.views.refresh()
      return this.runOn(this.connection, sql, signal)
    })
  }

  queryAll(sqls: readonly string[], signal?: AbortSignal): Promise<Record<string, unknown>[][]> {
    if (this.closed) {
      return Promise.reject(new AppError('SHUTTING_DOWN', 'The lake reader is closed'))
    }
    return this.queue.run(async () => {
      signal?.throwIfAborted()
      await this.views.refresh()
      while (this.others.length < Math.min(sqls.length, maxSideBySide) - 1) {
        this.others.push(await this.sandbox.connect())
      }
      const results: Record<string, unknown>[][] = []
      let next = 0
      const work = async (connection: DuckDBConnection) => {
        for (let i = next++; i < sqls.length; i = next++) {
          results[i] = (await this.runOn(connection, sqls[i] ?? '', signal)).rows
        }
      }
      // Every connection is idle again before the queue moves on, even after a failure.
      const settled = await Promise.allSettled([this.connection, ...this.others].map(work))
      for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason
      return results
    })
  }

  /** One read-only statement on a connection; the caller holds the queue. */
  private async runOn(
    connection: DuckDBConnection,
    sql: string,
    signal: AbortSignal | undefined,
  ): Promise<QueryResult> {
    const statement = await this.prepareReadOnly(expandTimeMacros(sql, new Date()), connection)
    const interrupt = (): void => {
      connection.interrupt()
    }
    signal?.addEventListener('abort', interrupt, { once: true })
    try {
      const result = await statement.streamAndReadUntil(this.maxRows + 1)
      return toQueryResult(result, this.maxRows)
    } catch (err) {
      signal?.throwIfAborted()
      throw userSqlError(err)
    } finally {
      signal?.removeEventListener('abort', interrupt)
      statement.destroySync()
    }
  }

  scan(
    sql: string,
    onChunk: (rows: Record<string, unknown>[]) => Promise<void>,
    signal?: AbortSignal,
  ): Promise<number> {
    if (this.closed) {
      return Promise.reject(new AppError('SHUTTING_DOWN', 'The lake reader is closed'))
    }
    return this.queue.run(async () => {
      await this.views.refresh()
      // One JSON text per row, parsed in JS: far cheaper than converting DuckDB values one by one.
      const wrapped = `SELECT to_json(t)::VARCHAR AS j FROM (${expandTimeMacros(sql, new Date())}) t`
      const statement = await this.prepareReadOnly(wrapped)
      let count = 0
      let inCallback = false
      try {
        const result = await statement.stream()
        for (;;) {
          const chunk = await result.fetchChunk()
          if (chunk === null || chunk.rowCount === 0) return count
          signal?.throwIfAborted()
          const rows = chunk
            .getColumnValues(0)
            .map((j) => JSON.parse(String(j)) as Record<string, unknown>)
          count += rows.length
          inCallback = true
          await onChunk(rows)
          inCallback = false
        }
      } catch (err) {
        // The consumer's own errors pass through untouched; DuckDB's become user SQL errors.
        if (inCallback || err instanceof AppError) throw err
        signal?.throwIfAborted()
        throw userSqlError(err)
      } finally {
        statement.destroySync()
      }
    })
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve()
    this.closed = true
    return this.queue.run(() => {
      for (const connection of this.others.splice(0)) connection.closeSync()
      this.sandbox.close()
      return Promise.resolve()
    })
  }

  /** Parses the SQL and refuses anything but one SELECT (or EXPLAIN of one). */
  private async prepareReadOnly(
    sql: string,
    connection = this.connection,
  ): Promise<DuckDBPreparedStatement> {
    let statement: DuckDBPreparedStatement
    try {
      const extracted = await connection.extractStatements(sql)
      if (extracted.count !== 1) {
        throw new AppError('VALIDATION_FAILED', 'Send exactly one SQL statement')
      }
      statement = await extracted.prepare(0)
    } catch (err) {
      throw userSqlError(err)
    }
    if (!readOnlyStatements.has(statement.statementType)) {
      statement.destroySync()
      throw new AppError('VALIDATION_FAILED', 'Only SELECT queries may run on the lake')
    }
    return statement
  }
}

/**
 * Converts rows with the result's column types: unlike the vectors' types behind
 * `convertRowObjects`, those keep the `JSON` alias, so JSON columns come back parsed.
 */
function toQueryResult(result: DuckDBResultReader, maxRows: number): QueryResult {
  const names = result.deduplicatedColumnNames()
  const types = result.columnTypes()
  const columns = names.map((name, i) => {
    const type = types[i]
    return { name, type: type === undefined ? 'NULL' : (type.alias ?? type.toString()) }
  })
  const read = result.getRows()
  const rows = read.slice(0, maxRows).map((values) => {
    const row: Record<string, unknown> = {}
    values.forEach((value, i) => {
      const type = types[i]
      const name = names[i]
      if (type !== undefined && name !== undefined) {
        row[name] = plainValueConverter(value, type, plainValueConverter)
      }
    })
    return row
  })
  return { columns, rows, truncated: read.length > maxRows }
}

function userSqlError(err: unknown): AppError {
  if (err instanceof AppError) return err
  return new AppError('VALIDATION_FAILED', describeError(err), { cause: err })
}
