import type { Dirent } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isSafeName } from './lake-layout.js'

/**
 * A partition's compaction journal: while it exists and its `output` is in the folder, the
 * `inputs` are superseded and must not be read, even though they may still be on disk.
 */
export const journalName = '_compaction.json'

/** What a compaction journal records. */
export interface CompactionJournal {
  /** File name of the merged file, in the same folder. */
  output: string
  /** File names it replaces. */
  inputs: string[]
}

let generation = 0

/** How stale a listing may get when another process (`caracal ingest`, say) writes the lake. */
const relistMs = 1000

/** When a listing of the lake was taken: see {@link listingStale}. */
export interface ListingStamp {
  generation: number
  at: number
}

/** A stamp for a listing about to be taken (before it starts, so no change slips between). */
export function listingStamp(): ListingStamp {
  return { generation, at: Date.now() }
}

/**
 * Whether a listing must be taken again. Listing every hour folder costs more as the lake grows:
 * only when this process changed the lake since, or another process may have (`relistMs`).
 */
export function listingStale(stamp: ListingStamp | undefined): boolean {
  return stamp === undefined || stamp.generation !== generation || Date.now() - stamp.at >= relistMs
}

/** The table folders of a database folder (`logs/`, `rules/` …), by name. */
export async function tableFolders(databaseDir: string): Promise<string[]> {
  return (await listDir(databaseDir))
    .filter((e) => e.isDirectory() && isSafeName(e.name))
    .map((e) => e.name)
}

/**
 * Called after this process adds or removes lake files. Readers in this process list the lake
 * again before their next query; readers elsewhere re-list on their own clock (`LakeViews`).
 */
export function noteLakeChange(): void {
  generation += 1
}

/** Changes this process made to lake files so far. */
export function lakeGeneration(): number {
  return generation
}

/** A live Parquet file of a table, with its hour folder relative to the table folder. */
export interface LakeFile {
  /** Absolute path. */
  path: string
  /** `year=…/month=…/day=…/hour=…` */
  partition: string
  name: string
}

/**
 * The Parquet files queries must read in a table folder: every `*.parquet` in its hour folders
 * minus those a finished compaction superseded. The folder is listed before the journal is read,
 * so a merged file that appears between the two is simply not seen yet: a reader gets either the
 * inputs or the output of a compaction, never both.
 */
export async function listTableFiles(tableDir: string): Promise<LakeFile[]> {
  const files: LakeFile[] = []
  for (const partition of await hourPartitions(tableDir)) {
    files.push(...(await listPartitionFiles(tableDir, partition)))
  }
  return files
}

/** The live files of one hour folder (see {@link listTableFiles}). */
export async function listPartitionFiles(tableDir: string, partition: string): Promise<LakeFile[]> {
  const dir = join(tableDir, partition)
  const entries = await listDir(dir)
  const names = entries.filter((e) => e.isFile() && isDataFile(e.name)).map((e) => e.name)
  let hidden: ReadonlySet<string> = new Set()
  if (entries.some((e) => e.name === journalName)) {
    const journal = await readJournal(dir)
    if (journal !== undefined && names.includes(journal.output)) hidden = new Set(journal.inputs)
  }
  return names
    .filter((name) => !hidden.has(name))
    .sort()
    .map((name) => ({ path: join(dir, name), partition, name }))
}

/** Reads a partition's journal; undefined when there is none (it may vanish at any moment). */
export async function readJournal(dir: string): Promise<CompactionJournal | undefined> {
  let text: string
  try {
    text = await readFile(join(dir, journalName), 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
  const parsed = JSON.parse(text) as Partial<CompactionJournal>
  if (typeof parsed.output !== 'string' || !Array.isArray(parsed.inputs)) {
    throw new Error(`Malformed compaction journal in ${dir}`)
  }
  return { output: parsed.output, inputs: parsed.inputs.map(String) }
}

/**
 * Files compaction rewrote once their hour had closed (`…-sealed.parquet`), at the sealing ZSTD
 * level; they are never rewritten again.
 */
export const sealedSuffix = '-sealed.parquet'

/** Start of an hour folder `year=…/month=…/day=…/hour=…`, in epoch ms. */
export function partitionStart(partition: string): number {
  const parts = partition.split('/').map((p) => Number(p.split('=')[1]))
  const [year = 0, month = 1, day = 1, hour = 0] = parts
  return Date.UTC(year, month - 1, day, hour)
}

/** Data files are `*.parquet`; names starting with `.` or `_` are bookkeeping. */
export function isDataFile(name: string): boolean {
  return name.endsWith('.parquet') && !name.startsWith('.') && !name.startsWith('_')
}

/** Hour folders of a table, `year=YYYY/month=MM/day=DD/hour=HH`, sorted. */
export async function hourPartitions(tableDir: string): Promise<string[]> {
  const found: string[] = []
  const walk = async (dir: string, prefix: string, levels: readonly string[]): Promise<void> => {
    const [level, ...rest] = levels
    if (level === undefined) {
      found.push(prefix)
      return
    }
    const names = (await listDir(dir))
      .filter((e) => e.isDirectory() && e.name.startsWith(`${level}=`))
      .map((e) => e.name)
      .sort()
    for (const name of names) {
      await walk(join(dir, name), prefix === '' ? name : `${prefix}/${name}`, rest)
    }
  }
  await walk(tableDir, '', ['year', 'month', 'day', 'hour'])
  return found
}

/** Entries of a folder; none when it does not exist (retention may delete it at any time). */
export async function listDir(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
}
