import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger, Metrics } from '../core/index.js'
import { isSafeName, lakeDatabases, resolveLakeRoot } from './lake-layout.js'
import { noteLakeChange } from './lake-files.js'

/** How long to keep data: a default, and per table (`aws_cloudtrail`) overrides, in days. */
export interface RetentionPolicy {
  /** Days to keep every table; undefined keeps forever. */
  defaultDays?: number | undefined
  /** Days per table name, overriding the default. */
  tables?: Readonly<Record<string, number>>
}

/** What one retention pass removed. */
export interface RetentionReport {
  /** Hour folders deleted, as `<database>/<table>/year=…/month=…/day=…/hour=…`. */
  removed: string[]
}

/**
 * Deletes whole hour partitions older than their table's retention, in every lake database
 * (events, rule matches, errors, failures alike). Deleting folders, never rows, keeps it cheap and
 * leaves no half-deleted hour: a query sees an hour entirely or not at all once the folder is gone.
 */
export async function enforceRetention(
  root: string,
  policy: RetentionPolicy,
  now: Date,
  logger?: Logger,
  metrics?: Metrics,
): Promise<RetentionReport> {
  const lake = resolveLakeRoot(root)
  const removed: string[] = []
  for (const database of lakeDatabases) {
    for (const table of await folders(join(lake, database))) {
      if (!isSafeName(table)) continue
      const days = policy.tables?.[table] ?? policy.defaultDays
      if (days === undefined) continue
      const cutoff = now.getTime() - days * 86_400_000
      for (const hour of await hourFolders(join(lake, database, table))) {
        // An hour is expired once its last instant is before the cutoff.
        if (hour.start + 3_600_000 <= cutoff) {
          await rm(join(lake, database, table, hour.path), { recursive: true, force: true })
          noteLakeChange()
          removed.push(`${database}/${table}/${hour.path}`)
        }
      }
    }
  }
  if (removed.length > 0) {
    logger?.info({ removed: removed.length }, 'Expired lake partitions deleted')
    metrics?.eventsOut('lake', 'retention', removed.length)
  }
  return { removed }
}

/** Hour folders of a table: `year=YYYY/month=MM/day=DD/hour=HH` with their start time. */
async function hourFolders(tableDir: string): Promise<{ path: string; start: number }[]> {
  const hours: { path: string; start: number }[] = []
  for (const year of await folders(tableDir, 'year')) {
    for (const month of await folders(join(tableDir, year), 'month')) {
      for (const day of await folders(join(tableDir, year, month), 'day')) {
        for (const hour of await folders(join(tableDir, year, month, day), 'hour')) {
          const value = (part: string) => Number(part.split('=')[1])
          const start = Date.UTC(value(year), value(month) - 1, value(day), value(hour))
          if (!Number.isNaN(start)) hours.push({ path: `${year}/${month}/${day}/${hour}`, start })
        }
      }
    }
  }
  return hours
}

async function folders(dir: string, key?: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true })
    return entries
      .filter((e) => e.isDirectory() && (key === undefined || e.name.startsWith(`${key}=`)))
      .map((e) => e.name)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
}
