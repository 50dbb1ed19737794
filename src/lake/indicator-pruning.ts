import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { bloomPathOf, IndicatorBloom } from './indicator-bloom.js'
import { listDir, listTableFiles } from './lake-files.js'
import { isSafeName } from './lake-layout.js'

/** Filters by file path; files never change once written, so entries never go stale. */
const cache = new Map<string, IndicatorBloom | null>()
const maxCached = 100_000

/**
 * The files of each `logs/` table that may hold one of the values: live files of the hours from
 * `since` on, minus those whose Bloom filter rules every value out. A file without a filter is
 * always kept.
 */
export async function candidateFiles(
  root: string,
  values: readonly string[],
  since: Date,
): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>()
  const logs = join(root, 'logs')
  const firstHour = Math.floor(since.getTime() / 3_600_000) * 3_600_000
  for (const entry of await listDir(logs)) {
    if (!entry.isDirectory() || !isSafeName(entry.name)) continue
    const kept: string[] = []
    for (const file of await listTableFiles(join(logs, entry.name))) {
      if (hourStart(file.partition) < firstHour) continue
      const bloom = await loadBloom(file.path)
      if (bloom === null || values.some((v) => bloom.mightContain(v))) kept.push(file.path)
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

async function loadBloom(parquet: string): Promise<IndicatorBloom | null> {
  const cached = cache.get(parquet)
  if (cached !== undefined) return cached
  let bloom: IndicatorBloom | null = null
  try {
    bloom = IndicatorBloom.parse(await readFile(bloomPathOf(parquet))) ?? null
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  if (cache.size >= maxCached) cache.clear()
  cache.set(parquet, bloom)
  return bloom
}
