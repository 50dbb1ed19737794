import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { bloomPathOf } from './indicator-bloom.js'
import { IndicatorIndex } from './indicator-index.js'
import {
  listingStale,
  listingStamp,
  listTableFiles,
  partitionStart,
  tableFolders,
  type LakeFile,
  type ListingStamp,
} from './lake-files.js'

/** Indexes by file path; files never change once written, so entries never go stale. */
const cache = new Map<string, IndicatorIndex | null>()
const maxCached = 100_000

/** A file to read, whole or only within the `p_event_time` ranges whose row groups may match. */
export interface CandidateFile {
  path: string
  ranges: 'all' | [string, string][]
}

/**
 * The files of each `logs/` table that may hold one of the values: live files of the hours from
 * `since` on, minus those whose index rules every value out, each with the time ranges to read.
 * A file without an index is always read whole.
 */
export async function candidateFiles(
  root: string,
  values: readonly string[],
  since: Date,
): Promise<Map<string, CandidateFile[]>> {
  const result = new Map<string, CandidateFile[]>()
  const firstHour = Math.floor(since.getTime() / 3_600_000) * 3_600_000
  for (const [table, files] of await logTables(root)) {
    const kept: CandidateFile[] = []
    for (const file of files) {
      if (partitionStart(file.partition) < firstHour) continue
      const index = await loadIndex(file.path)
      const ranges = index === null ? 'all' : index.candidates(values)
      if (ranges.length > 0) kept.push({ path: file.path, ranges })
    }
    if (kept.length > 0) result.set(table, kept)
  }
  return result
}

interface Listing {
  stamp: ListingStamp
  tables: Map<string, LakeFile[]>
}

/** The last listing of each lake root's `logs/` tables. */
const listings = new Map<string, Listing>()

/**
 * The live files of every `logs/` table, listed again as the SQL views are: when this process
 * changed the lake, or at most every `relistMs` for other processes' changes.
 */
async function logTables(root: string): Promise<Map<string, LakeFile[]>> {
  const last = listings.get(root)
  if (last !== undefined && !listingStale(last.stamp)) return last.tables
  const stamp = listingStamp()
  const tables = new Map<string, LakeFile[]>()
  const logs = join(root, 'logs')
  for (const table of await tableFolders(logs)) {
    tables.set(table, await listTableFiles(join(logs, table)))
  }
  if (listings.size >= maxListings) listings.clear()
  listings.set(root, { stamp, tables })
  return tables
}

const maxListings = 64

async function loadIndex(parquet: string): Promise<IndicatorIndex | null> {
  const cached = cache.get(parquet)
  if (cached !== undefined) return cached
  let index: IndicatorIndex | null = null
  try {
    index = IndicatorIndex.parse(await readFile(bloomPathOf(parquet))) ?? null
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  if (cache.size >= maxCached) cache.clear()
  cache.set(parquet, index)
  return index
}
