import type { Dirent } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { DuckDBConnection } from '@duckdb/node-api'
import type { LakeDatabase, Logger } from '../core/index.js'
import { lakeDatabases, isSafeName, schemaNames, sqlIdent, sqlString } from './lake-layout.js'

/** Schema of the cross-table views (Panther's `panther_views`). */
const viewsSchema = 'panther_views'

/** The `panther_views` view over every table of a database, by Panther's name. */
const unionViews: Readonly<Record<LakeDatabase, string>> = {
  logs: 'all_logs',
  rules: 'all_rule_matches',
  rule_errors: 'all_rule_errors',
  classification_failures: 'all_classification_failures',
}

// Hive columns are typed so partition filters compare numbers (and prune files) — Panther's
// tables expose the same year/month/day/hour partition columns.
const hiveTypes = "{'year': INTEGER, 'month': INTEGER, 'day': INTEGER, 'hour': INTEGER}"

/**
 * Keeps the SQL views in step with the lake's folders: one view per table folder holding a Parquet
 * file, plus `panther_views.all_*` over the `p_*` columns of every table of a database.
 */
export class LakeViews {
  private readonly tables = new Map<string, string>()
  private unionSignature = ''

  constructor(
    private readonly connection: DuckDBConnection,
    private readonly root: string,
    private readonly logger: Logger | undefined,
  ) {}

  /** One schema per database, even empty, so `information_schema` always lists them all. */
  async createSchemas(): Promise<void> {
    for (const database of lakeDatabases) {
      await this.connection.run(`CREATE SCHEMA ${sqlIdent(schemaNames[database])}`)
    }
    await this.connection.run(`CREATE SCHEMA ${sqlIdent(viewsSchema)}`)
  }

  /** Views read their globs again on every query: new files and columns show up by themselves. */
  async refresh(): Promise<void> {
    const wanted = new Map<string, { database: LakeDatabase; folder: string }>()
    for (const database of lakeDatabases) {
      for (const table of await tableFolders(join(this.root, database))) {
        const view = `${sqlIdent(schemaNames[database])}.${sqlIdent(table)}`
        wanted.set(view, { database, folder: join(this.root, database, table) })
      }
    }
    for (const view of this.tables.keys()) {
      if (wanted.has(view)) continue
      await this.connection.run(`DROP VIEW IF EXISTS ${view}`)
      this.tables.delete(view)
    }
    for (const [view, { database, folder }] of wanted) {
      if (this.tables.has(view)) continue
      const glob = sqlString(`${folder}/**/*.parquet`)
      try {
        await this.connection.run(
          `CREATE OR REPLACE VIEW ${view} AS SELECT * FROM read_parquet(${glob}, ` +
            `hive_partitioning=true, hive_types=${hiveTypes}, union_by_name=true)`,
        )
        this.tables.set(view, database)
      } catch (err) {
        // One unreadable file must not take every other table offline; retried next query.
        this.logger?.warn({ err, view }, 'A lake table cannot be read; its view is left out')
      }
    }
    await this.refreshUnions()
  }

  /** `panther_views.all_*`: the `p_*` and partition columns of every table, with `p_db_name`. */
  private async refreshUnions(): Promise<void> {
    const signature = [...this.tables.keys()].sort().join(',')
    if (signature === this.unionSignature) return
    for (const database of lakeDatabases) {
      const name = `${sqlIdent(viewsSchema)}.${sqlIdent(unionViews[database])}`
      const members = [...this.tables].filter(([, db]) => db === database).map(([view]) => view)
      if (members.length === 0) {
        await this.connection.run(`DROP VIEW IF EXISTS ${name}`)
        continue
      }
      const dbName = sqlString(schemaNames[database])
      const selects = members.map(
        (view) =>
          `SELECT COLUMNS('^p_'), year, month, day, hour, ${dbName} AS p_db_name FROM ${view}`,
      )
      await this.connection.run(
        `CREATE OR REPLACE VIEW ${name} AS ${selects.join(' UNION ALL BY NAME ')}`,
      )
    }
    this.unionSignature = signature
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
