import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { sqlString } from './lake-layout.js'

/** Options of {@link openSandbox}. */
export interface SandboxOptions {
  /** The only folders SQL may touch; a trailing `/` is added so `/lake/logs2` does not match. */
  allowedDirectories: readonly string[]
  /** DuckDB `memory_limit`, e.g. `1GB`. */
  memoryLimit: string
  /** DuckDB worker threads; DuckDB's default when undefined. */
  threads?: number | undefined
}

/** An in-memory DuckDB whose connection cannot reach files outside the allowed folders. */
export interface Sandbox {
  connection: DuckDBConnection
  /**
   * Another connection to the same database, for queries that run side by side. The lockdown
   * is global to the database, so it holds there too; close it before the sandbox.
   */
  connect(): Promise<DuckDBConnection>
  close(): void
}

/**
 * Opens DuckDB locked down (verified on DuckDB 1.5 by duckdb-sandbox.test.ts):
 * - `enable_external_access=false` refuses every path outside `allowed_directories`, for reading,
 *   COPY, ATTACH, EXPORT and INSTALL alike, and blocks loading extensions; json and parquet are
 *   statically linked, so nothing needs loading.
 * - `temp_directory=''` disables spilling; otherwise DuckDB adds the temp folder (`./.tmp` of the
 *   process) to the allowed directories.
 * - `lock_configuration=true` last, so SQL cannot `SET` or `RESET` any of it.
 * Allowed folders are writable too (`COPY … TO` inside them succeeds): callers must refuse
 * statements other than queries.
 */
export async function openSandbox(options: SandboxOptions): Promise<Sandbox> {
  const config: Record<string, string> = {
    temp_directory: '',
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    allow_community_extensions: 'false',
    memory_limit: options.memoryLimit,
  }
  if (options.threads !== undefined) config.threads = String(options.threads)
  const instance = await DuckDBInstance.create(':memory:', config)
  try {
    const connection = await instance.connect()
    const allowed = options.allowedDirectories
      .map((dir) => sqlString(dir.endsWith('/') ? dir : `${dir}/`))
      .join(', ')
    await connection.run(`SET allowed_directories=[${allowed}]`)
    // Lake files never change once renamed into place, so their footers (hundreds of column
    // chunks each) are parsed once rather than on every query, on every connection.
    await connection.run('SET GLOBAL parquet_metadata_cache=true')
    await connection.run('SET enable_external_access=false')
    await connection.run('SET lock_configuration=true')
    return {
      connection,
      connect: () => instance.connect(),
      close: () => {
        connection.closeSync()
        instance.closeSync()
      },
    }
  } catch (err) {
    instance.closeSync()
    throw err
  }
}
