import { mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { ulid } from 'ulid'
import type { LakeDatabase } from '../core/index.js'
import { IndicatorIndex, indexPathOf } from './indicator-index.js'
import {
  fileTimestamp,
  parquetCopyOptions,
  partitionPath,
  rowGroupRows,
  sqlString,
  tmpDirName,
} from './lake-layout.js'
import { SerialQueue } from './serial-queue.js'
import type { TableCodec } from './table-codec.js'
import { noteLakeChange } from './lake-files.js'

/** Rows of one table and hour, already encoded as NDJSON lines. */
export interface ParquetBatch {
  database: LakeDatabase
  table: string
  /** `YYYY-MM-DD HH`, UTC. */
  hourKey: string
  codec: TableCodec
  lines: readonly string[]
  /**
   * `p_event_time` (lake form) of each line, in line order. The file's rows are ordered by it
   * (rows without one last), so each row group covers a narrow time range.
   */
  times: readonly (string | undefined)[]
  /**
   * The table's indicator columns and each line's values of them, for the file's sidecar
   * index; none written when undefined.
   */
  indicators?: { columns: readonly string[]; values: readonly (readonly unknown[])[] }
  /** `p_log_type` of the rows, kept in the index. */
  logType?: string | undefined
}

/** Where a batch landed. */
export interface WrittenFile {
  /** Path relative to the lake root. */
  path: string
  bytes: number
}

// The JSON reader refuses larger rows; one oversized row must not fail its whole batch.
const maxObjectBytes = 256 * 1024 * 1024
// Lines are written in slices so a large batch never needs one giant string.
const writeSliceLines = 2000
// Temp folders of the writers open in this process: same pid, yet not stale.
const liveTempDirs = new Set<string>()
const tempDirPattern = /^(\d+)-[0-9A-Z]{26}$/

/**
 * Turns batches into Parquet files: NDJSON temp → DuckDB COPY → fsync → rename into the
 * partition → fsync the folder. A file is either complete in its partition or absent from it.
 */
export class ParquetFileWriter {
  private readonly queue = new SerialQueue()
  // Folder creation is serialized so a flush never renames into a folder whose parents another
  // flush created but has not fsynced yet.
  private readonly dirQueue = new SerialQueue()

  private constructor(
    private readonly root: string,
    private readonly tmp: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /**
   * Opens DuckDB with a temp folder of its own under `<root>/.tmp`, after removing what earlier
   * runs left there. Other live processes (a CLI command beside the server) keep their folders.
   */
  static async open(root: string): Promise<ParquetFileWriter> {
    const tmp = await openTempDir(root)
    try {
      // Spill files stay in our temp folder rather than the process's working directory.
      const instance = await DuckDBInstance.create(':memory:', {
        temp_directory: join(tmp, 'duckdb'),
        autoinstall_known_extensions: 'false',
        autoload_known_extensions: 'false',
      })
      try {
        return new ParquetFileWriter(root, tmp, instance, await instance.connect())
      } catch (err) {
        instance.closeSync()
        throw err
      }
    } catch (err) {
      await releaseTempDir(tmp)
      throw err
    }
  }

  /** Writes one batch as one Parquet file; resolves once it is durable and visible. */
  async write(batch: ParquetBatch): Promise<WrittenFile> {
    const name = `${fileTimestamp(new Date())}-${ulid()}`
    const ndjson = join(this.tmp, `${name}.ndjson`)
    const staged = join(this.tmp, `${name}.parquet`)
    const partition = join(this.root, batch.database, batch.table, partitionPath(batch.hourKey))
    const target = join(partition, `${name}.parquet`)
    const index = join(this.tmp, `${name}.index`)
    const order = timeOrder(batch.times)
    try {
      await writeLines(
        ndjson,
        order.map((i) => batch.lines[i] ?? ''),
      )
      await this.queue.run(() => this.connection.run(copySql(batch.codec, ndjson, staged)))
      await fsyncPath(staged)
      const { size } = await stat(staged)
      await this.dirQueue.run(() => ensureDurableDir(partition))
      const { indicators } = batch
      if (indicators !== undefined) {
        const rows = order.map((i) => ({
          time: batch.times[i],
          values: indicators.values[i] ?? [],
        }))
        const built = await IndicatorIndex.build(
          indicators.columns,
          rows,
          rowGroupRows,
          batch.logType,
        )
        // The index lands first: a searchable file always has its index, or none at all.
        await writeDurably(index, built)
        await rename(index, indexPathOf(target))
      }
      await rename(staged, target)
      await fsyncPath(partition)
      noteLakeChange()
      return { path: relative(this.root, target).split(sep).join('/'), bytes: size }
    } finally {
      await Promise.all([
        rm(ndjson, { force: true }),
        rm(staged, { force: true }),
        rm(index, { force: true }),
      ])
    }
  }

  /** Releases DuckDB once the statements already queued have run, and the temp folder. */
  async close(): Promise<void> {
    await this.queue.run(() => {
      this.connection.closeSync()
      this.instance.closeSync()
      return Promise.resolve()
    })
    await releaseTempDir(this.tmp)
  }
}

/**
 * Creates this process's own folder under `<root>/.tmp`, after removing what earlier runs left
 * there; folders of other live processes (a CLI command beside the server) are kept.
 */
export async function openTempDir(root: string): Promise<string> {
  const tmpRoot = join(root, tmpDirName)
  await mkdir(tmpRoot, { recursive: true })
  await removeStaleTemp(tmpRoot)
  const tmp = join(tmpRoot, `${String(process.pid)}-${ulid()}`)
  await mkdir(tmp)
  liveTempDirs.add(tmp)
  return tmp
}

/** Removes a folder made by {@link openTempDir}. */
export async function releaseTempDir(tmp: string): Promise<void> {
  liveTempDirs.delete(tmp)
  await rm(tmp, { recursive: true, force: true })
}

function copySql(codec: TableCodec, ndjson: string, parquet: string): string {
  const source =
    `read_json(${sqlString(ndjson)}, format='newline_delimited', ` +
    `columns=${codec.readJsonColumns}, maximum_object_size=${String(maxObjectBytes)})`
  return (
    `COPY (SELECT ${codec.selectList} FROM ${source}) ` +
    `TO ${sqlString(parquet)} (${parquetCopyOptions()})`
  )
}

/** Removes everything in `.tmp` but the folders of writers still running. */
async function removeStaleTemp(tmpRoot: string): Promise<void> {
  for (const entry of await readdir(tmpRoot)) {
    const path = join(tmpRoot, entry)
    const pid = Number(tempDirPattern.exec(entry)?.[1] ?? NaN)
    const live = pid === process.pid ? liveTempDirs.has(path) : isRunning(pid)
    if (!live) await rm(path, { recursive: true, force: true })
  }
}

/** Whether a process exists (signal 0 only checks). Another PID namespace looks dead. */
function isRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function writeLines(path: string, lines: readonly string[]): Promise<void> {
  const handle = await open(path, 'w')
  try {
    for (let start = 0; start < lines.length; start += writeSliceLines) {
      const slice = lines.slice(start, start + writeSliceLines)
      await handle.write(`${slice.join('\n')}\n`)
    }
  } finally {
    await handle.close()
  }
}

export async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Creates a folder and fsyncs the parents of what was created, so the new entries survive a crash. */
async function ensureDurableDir(dir: string): Promise<void> {
  const firstCreated = await mkdir(dir, { recursive: true })
  if (firstCreated === undefined) return
  const chain: string[] = []
  for (let d = dir; d !== firstCreated && d !== dirname(d); d = dirname(d)) chain.push(dirname(d))
  chain.push(dirname(firstCreated))
  for (const d of new Set(chain)) await fsyncPath(d)
}

/** Writes a sidecar index to a file and fsyncs it. */
export async function writeDurably(path: string, index: Uint8Array): Promise<void> {
  await writeFile(path, index)
  await fsyncPath(path)
}

/**
 * Line positions ordered by time, rows without one last; ties keep arrival order. Batches
 * usually arrive in order already, which costs one pass to see.
 */
function timeOrder(times: readonly (string | undefined)[]): number[] {
  const order = times.map((_, i) => i)
  let sorted = true
  for (let i = 1; i < times.length && sorted; i++) sorted = !after(times[i - 1], times[i])
  if (!sorted)
    order.sort((a, b) => (after(times[a], times[b]) ? 1 : after(times[b], times[a]) ? -1 : a - b))
  return order
}

function after(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined) return b !== undefined
  return b !== undefined && a > b
}
