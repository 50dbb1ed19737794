import { join } from 'node:path'
import type { DuckDBConnection } from '@duckdb/node-api'
import type { LakeDatabase, Logger } from '../core/index.js'
import {
  listingStale,
  listingStamp,
  listTableFiles,
  tableFolders,
  type ListingStamp,
} from './lake-files.js'
import { lakeDatabases, schemaNames, sqlIdent, sqlString } from './lake-layout.js'

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
 * Keeps the SQL views in step with the lake's folders: one view per table folder holding a live
 * Parquet file, plus `panther_views.all_*` over the `p_*` columns of every table of a database.
 */
export class LakeViews {
  private readonly tables = new Map<string, string>()
  // The file list each view was last created with, as SQL: recreated only when it changes.
  private readonly fileLists = new Map<string, string>()
  private unionSignature = ''
  private listed: ListingStamp | undefined

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

  /**
   * Lists every table's live files (see `listTableFiles`) and points each view at exactly those:
   * a compaction switching a partition to its merged file is seen entirely or not at all.
   */
  async refresh(): Promise<void> {
    if (!listingStale(this.listed)) return
    const stamp = listingStamp()
    const wanted = new Map<string, { database: LakeDatabase; files: string[] }>()
    for (const database of lakeDatabases) {
      for (const table of await tableFolders(join(this.root, database))) {
        const files = (await listTableFiles(join(this.root, database, table))).map((f) => f.path)
        if (files.length === 0) continue
        wanted.set(`${sqlIdent(schemaNames[database])}.${sqlIdent(table)}`, { database, files })
      }
    }
    for (const view of this.tables.keys()) {
      if (wanted.has(view)) continue
      await this.connection.run(`DROP VIEW IF EXISTS ${view}`)
      this.tables.delete(view)
      this.fileLists.delete(view)
    }
    for (const [view, { database, files }] of wanted) {
      const list = `[${files.map(sqlString).join(', ')}]`
      if (this.fileLists.get(view) === list) continue
      try {
        await this.connection.run(
          `CREATE OR REPLACE VIEW ${view} AS SELECT * FROM read_parquet(${list}, ` +
            `hive_partitioning=true, hive_types=${hiveTypes}, union_by_name=true)`,
        )
        this.tables.set(view, database)
        this.fileLists.set(view, list)
      } catch (err) {
        // One unreadable file must not take every other table offline; retried next query.
        this.logger?.warn({ err, view }, 'A lake table cannot be read; its view is left out')
      }
    }
    await this.refreshUnions()
    this.listed = stamp
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
/** Table folders of a database folder. */
