import type { Dirent } from 'node:fs'
import { readdir } from 'node:fs/promises'
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
import {
  isSafeName,
  lakeDatabases,
  resolveLakeRoot,
  schemaNames,
  sqlIdent,
  sqlString,
} from './lake-layout.js'
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
  close(): Promise<void>
}

const defaultMaxRows = 10_000
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
    const reader = new DuckDBLakeReader(root, sandbox, options.maxRows, options.logger)
    await reader.createSchemas()
    return reader
  } catch (err) {
    sandbox.close()
    throw err
  }
}

class DuckDBLakeReader implements LakeReader {
  private readonly queue = new SerialQueue()
  private readonly views = new Set<string>()
  private readonly connection: DuckDBConnection
  private readonly maxRows: number
  private closed = false

  constructor(
    private readonly root: string,
    private readonly sandbox: Sandbox,
    maxRows: number | undefined,
    private readonly logger: Logger | undefined,
  ) {
    this.connection = sandbox.connection
    this.maxRows = Math.max(1, Math.floor(maxRows ?? defaultMaxRows))
  }

  /** One schema per database, even empty, so `information_schema` always lists all four. */
  async createSchemas(): Promise<void> {
    for (const database of lakeDatabases) {
      await this.connection.run(`CREATE SCHEMA ${sqlIdent(schemaNames[database])}`)
    }
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
      await this.refreshViews()
      const statement = await this.prepareReadOnly(sql)
      const interrupt = (): void => {
        this.connection.interrupt()
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
    })
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve()
    this.closed = true
    return this.queue.run(() => {
      this.sandbox.close()
      return Promise.resolve()
    })
  }

  /** Parses the SQL and refuses anything but one SELECT (or EXPLAIN of one). */
  private async prepareReadOnly(sql: string): Promise<DuckDBPreparedStatement> {
    let statement: DuckDBPreparedStatement
    try {
      const extracted = await this.connection.extractStatements(sql)
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

  /**
   * Makes the views match the folders: one per table folder holding a Parquet file. A view reads
   * its glob again on every query, so new files and new columns show up without recreating it.
   */
  private async refreshViews(): Promise<void> {
    const wanted = new Map<string, string>()
    for (const database of lakeDatabases) {
      for (const table of await tableFolders(join(this.root, database))) {
        const view = `${sqlIdent(schemaNames[database])}.${sqlIdent(table)}`
        wanted.set(view, join(this.root, database, table))
      }
    }
    for (const view of this.views) {
      if (wanted.has(view)) continue
      await this.connection.run(`DROP VIEW IF EXISTS ${view}`)
      this.views.delete(view)
    }
    for (const [view, folder] of wanted) {
      if (this.views.has(view)) continue
      // No hive columns: Panther's tables have no year/month/day/hour, and p_event_time is the
      // column to filter on; Parquet min/max statistics on it still skip row groups. Pruning
      // whole files by folder is left to a catalog that knows the partitions.
      const glob = sqlString(`${folder}/**/*.parquet`)
      try {
        await this.connection.run(
          `CREATE OR REPLACE VIEW ${view} AS SELECT * FROM ` +
            `read_parquet(${glob}, hive_partitioning=false, union_by_name=true)`,
        )
        this.views.add(view)
      } catch (err) {
        // One unreadable file must not take every other table offline; retried next query.
        this.logger?.warn({ err, view }, 'A lake table cannot be read; its view is left out')
      }
    }
  }
}

/** Table folders of a database folder that hold at least one Parquet file. */
async function tableFolders(databaseDir: string): Promise<string[]> {
  const tables: string[] = []
  for (const entry of await listDir(databaseDir)) {
    if (!entry.isDirectory() || !isSafeName(entry.name)) continue
    if (await holdsParquet(join(databaseDir, entry.name))) tables.push(entry.name)
  }
  return tables
}

/** Depth-first, stopping at the first file: usually one readdir per level. */
async function holdsParquet(dir: string): Promise<boolean> {
  const entries = await listDir(dir)
  if (entries.some((e) => e.isFile() && e.name.endsWith('.parquet'))) return true
  for (const entry of entries) {
    if (entry.isDirectory() && (await holdsParquet(join(dir, entry.name)))) return true
  }
  return false
}

async function listDir(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
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
