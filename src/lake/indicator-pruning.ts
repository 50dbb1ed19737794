import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { bloomPathOf } from './indicator-bloom.js'
import { IndicatorIndex } from './indicator-index.js'
import { listDir, listTableFiles } from './lake-files.js'
import { isSafeName } from './lake-layout.js'

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
  const logs = join(root, 'logs')
  const firstHour = Math.floor(since.getTime() / 3_600_000) * 3_600_000
  for (const entry of await listDir(logs)) {
    if (!entry.isDirectory() || !isSafeName(entry.name)) continue
    const kept: CandidateFile[] = []
    for (const file of await listTableFiles(join(logs, entry.name))) {
      if (hourStart(file.partition) < firstHour) continue
      const index = await loadIndex(file.path)
      const ranges = index === null ? 'all' : index.candidates(values)
      if (ranges.length > 0) kept.push({ path: file.path, ranges })
    }
    if (kept.length > 0) result.set(entry.name, kept)
  }
  return result
}

/** Start of an hour folder `year=…/month=…/day=…/hour=…`, in epoch ms. */
function hourStart(partition: string): number {
  const parts = partition.split('/').map((p) => Number(p.split('=')[1]))
  const [year = 0, month = 1, day = 1, hour = 0] = parts
  return Date.UTC(year, month - 1, day, hour)
}

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
