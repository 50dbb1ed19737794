import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect } from 'kysely'
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
  return new SqliteDialect({ database: sqlite })
}

async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: codeMigrations })
  const { error, results } = await migrator.migrateToLatest()
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new AppError('STORE_UNAVAILABLE', `Migration ${failed} failed`, { cause: error })
  }
}
