import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect, type SqliteDatabase } from 'kysely'
import { AppError } from '../../core/index.js'
import { codeMigrations } from './migrations.js'
import type { Database } from './schema.js'

/** Which database holds the metadata. Only SQLite today; PostgreSQL plugs in here. */
export type StoreOptions = { kind: 'sqlite'; path: string }

/** The metadata store: a migrated Kysely handle. */
export interface Store {
  db: Kysely<Database>
  close(): Promise<void>
}

/** Opens the store and brings its schema up to date. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const db = new Kysely<Database>({ dialect: sqliteDialect(options.path) })
  try {
    await migrate(db)
  } catch (err) {
    await db.destroy()
    throw err
  }
  return { db, close: () => db.destroy() }
}

function sqliteDialect(path: string): SqliteDialect {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const sqlite = new SQLite(path)
  // WAL lets the CLI read while a server writes; NORMAL sync is durable across process crashes.
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  return new SqliteDialect({ database: withStatementCache(sqlite) })
}

/** Statements kept at most; the SQL Caracal builds has far fewer distinct shapes. */
const maxCachedStatements = 1000

/**
 * Kysely prepares every query again; on the ingest path (alert grouping per batch) preparing cost
 * as much as running. A statement is reused unless it is mid-iteration (`busy`), and SQLite
 * recompiles it by itself after a schema change.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>()
  return {
    close: () => {
      cache.clear()
      sqlite.close()
    },
    prepare: (sql) => {
      const cached = cache.get(sql)
      if (cached !== undefined && !cached.busy) return cached
      const statement = sqlite.prepare(sql)
      if (cache.size >= maxCachedStatements) cache.clear()
      cache.set(sql, statement)
      return statement
    },
  }
}

async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: codeMigrations })
  const { error, results } = await migrator.migrateToLatest()
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new AppError('STORE_UNAVAILABLE', `Migration ${failed} failed`, { cause: error })
  }
}
