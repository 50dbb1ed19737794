import { mkdir, open, rename, rm, stat } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { ulid } from 'ulid'
import type { LakeDatabase } from '../core/index.js'
import { fileTimestamp, partitionPath, sqlString, tmpDirName } from './lake-layout.js'
import { SerialQueue } from './serial-queue.js'
import type { TableCodec } from './table-codec.js'

/** Rows of one table and hour, already encoded as NDJSON lines. */
export interface ParquetBatch {
  database: LakeDatabase
  table: string
  /** `YYYY-MM-DD HH`, UTC. */
  hourKey: string
  codec: TableCodec
  lines: readonly string[]
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
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /** Clears leftovers of a previous run from `<root>/.tmp` and opens DuckDB. */
  static async open(root: string): Promise<ParquetFileWriter> {
    const tmp = join(root, tmpDirName)
    await rm(tmp, { recursive: true, force: true })
    await mkdir(tmp, { recursive: true })
    // Spill files stay inside the lake's temp folder rather than the process's working dir.
    const instance = await DuckDBInstance.create(':memory:', {
      temp_directory: join(tmp, 'duckdb'),
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    })
    try {
      const connection = await instance.connect()
      return new ParquetFileWriter(root, instance, connection)
    } catch (err) {
      instance.closeSync()
      throw err
    }
  }

  /** Writes one batch as one Parquet file; resolves once it is durable and visible. */
  async write(batch: ParquetBatch): Promise<WrittenFile> {
    const name = `${fileTimestamp(new Date())}-${ulid()}`
    const tmp = join(this.root, tmpDirName)
    const ndjson = join(tmp, `${name}.ndjson`)
    const staged = join(tmp, `${name}.parquet`)
    const partition = join(this.root, batch.database, batch.table, partitionPath(batch.hourKey))
    const target = join(partition, `${name}.parquet`)
    try {
      await writeLines(ndjson, batch.lines)
      await this.queue.run(() => this.connection.run(copySql(batch.codec, ndjson, staged)))
      await fsyncPath(staged)
      const { size } = await stat(staged)
      await this.dirQueue.run(() => ensureDurableDir(partition))
      await rename(staged, target)
      await fsyncPath(partition)
      return { path: relative(this.root, target).split(sep).join('/'), bytes: size }
    } finally {
      await Promise.all([rm(ndjson, { force: true }), rm(staged, { force: true })])
    }
  }

  /** Releases DuckDB once the statements already queued have run. */
  async close(): Promise<void> {
    await this.queue.run(() => {
      this.connection.closeSync()
      this.instance.closeSync()
      return Promise.resolve()
    })
  }
}

function copySql(codec: TableCodec, ndjson: string, parquet: string): string {
  const source =
    `read_json(${sqlString(ndjson)}, format='newline_delimited', ` +
    `columns=${codec.readJsonColumns}, maximum_object_size=${String(maxObjectBytes)})`
  return (
    `COPY (SELECT ${codec.selectList} FROM ${source}) ` +
    `TO ${sqlString(parquet)} (FORMAT parquet, COMPRESSION zstd)`
  )
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

async function fsyncPath(path: string): Promise<void> {
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
