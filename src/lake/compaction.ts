import { rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { ulid } from 'ulid'
import { AppError, describeError, type Logger, type Metrics } from '../core/index.js'
import { sealInputs, smallInputs, type MergeLimits } from './compaction-inputs.js'
import {
  hourPartitions,
  journalName,
  listDir,
  noteLakeChange,
  partitionStart,
  readJournal,
  sealedSuffix,
  tableFolders,
  type CompactionJournal,
} from './lake-files.js'
import { indexPathOf, sidecarsOf } from './indicator-index.js'
import { indexParquetFile, indexUnindexedFiles } from './indicator-index-sql.js'
import {
  fileTimestamp,
  lakeDatabases,
  parquetCopyOptions,
  resolveLakeRoot,
  sqlString,
} from './lake-layout.js'
import { fsyncPath, openTempDir, releaseTempDir, writeDurably } from './parquet-file-writer.js'

/** Options of {@link openCompactor}. */
export interface CompactionOptions {
  /** The lake root the writer uses. */
  root: string
  /** Files smaller than this many bytes are merged (default 32 MiB). */
  smallFileBytes?: number
  /** A partition is compacted once it holds at least this many small files (default 8). */
  minFiles?: number
  /** Input bytes merged into one file at most; the rest waits for the next pass (default 256 MiB). */
  maxMergeBytes?: number
  /**
   * How long superseded files stay on disk after the switch, so queries that listed them just
   * before can finish reading them (default 2 minutes, above the query time limit).
   */
  graceMs?: number
  /** DuckDB `memory_limit` of the merges (default `512MB`). */
  memoryLimit?: string
  /** DuckDB threads of the merges (default 1, to leave the rest to ingestion). */
  threads?: number
  /**
   * Seals closed hours: once an hour ended `afterMs` ago, its files are rewritten once into
   * `…-sealed.parquet` files at ZSTD `zstdLevel` (default 16), which reads as fast and stores
   * about 6% less than the writer's default level 3. Absent: hours are never sealed.
   */
  seal?: { afterMs: number; zstdLevel?: number }
  logger?: Logger
  metrics?: Metrics
}

/**
 * The steps of one partition's compaction, in order; a crash test stops after one of them
 * (`crashAfter`) to check the partition is readable and duplicate-free at that point.
 */
export type CompactionStep = 'staged' | 'journaled' | 'switched' | 'inputsRemoved'

/** What one pass did. */
export interface CompactionReport {
  /** Partitions merged, as `<database>/<table>/year=…/…/hour=…`. */
  compacted: string[]
  /** Those of them that were closed hours, sealed at the higher ZSTD level. */
  sealed: string[]
  /** Files replaced by merged ones. */
  filesMerged: number
  /** Partitions whose interrupted compaction was finished or rolled back. */
  recovered: string[]
  /** Files given the index they lacked (written by earlier versions). */
  indexed: number
}

/** Merges small Parquet files of each hour partition; see {@link openCompactor}. */
export interface Compactor {
  /** One pass over the lake: recover interrupted compactions, then merge what crossed the thresholds. */
  runOnce(options?: {
    signal?: AbortSignal
    crashAfter?: CompactionStep
  }): Promise<CompactionReport>
  close(): Promise<void>
}

const hourMs = 3_600_000
/**
 * Closed hours sealed per pass at most: a lake that has never been sealed (an upgrade) is worked
 * through a day of hours at a time, so the superseded files held for the grace period stay few.
 */
const sealsPerPass = 24

interface Settings extends MergeLimits {
  minFiles: number
  graceMs: number
  seal: { afterMs: number; zstdLevel: number } | undefined
}

/** A partition switched to its merged file, waiting for the grace period to remove its inputs. */
interface Switched {
  dir: string
  label: string
  journal: CompactionJournal
}

/**
 * Opens the compactor. Queries never see a partial or duplicated row because readers list files
 * through `listTableFiles`, which hides the inputs of a journal whose output is present:
 * 1. merge the inputs into a temp file, fsync;
 * 2. write `_compaction.json` {output, inputs} into the partition (temp, fsync, rename, fsync);
 * 3. rename the merged file in (the switch: readers now see the output instead of the inputs);
 * 4. after a grace period, delete the inputs; then the journal.
 * A crash before 3 leaves the inputs live (the journal is dropped on recovery); after it, the
 * output is live and recovery deletes the remaining inputs.
 */
export async function openCompactor(options: CompactionOptions): Promise<Compactor> {
  const root = resolveLakeRoot(options.root)
  const tmp = await openTempDir(root)
  try {
    const instance = await DuckDBInstance.create(':memory:', {
      temp_directory: join(tmp, 'duckdb'),
      memory_limit: options.memoryLimit ?? '512MB',
      threads: String(options.threads ?? 1),
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    })
    const connection = await instance.connect()
    const settings: Settings = {
      smallFileBytes: options.smallFileBytes ?? 32 * 1024 * 1024,
      minFiles: Math.max(2, options.minFiles ?? 8),
      maxMergeBytes: options.maxMergeBytes ?? 256 * 1024 * 1024,
      graceMs: options.graceMs ?? 120_000,
      seal:
        options.seal === undefined
          ? undefined
          : { afterMs: options.seal.afterMs, zstdLevel: options.seal.zstdLevel ?? 16 },
    }
    return new LakeCompactor(root, tmp, instance, connection, settings, options)
  } catch (err) {
    await releaseTempDir(tmp)
    throw err
  }
}

class LakeCompactor implements Compactor {
  private running: Promise<CompactionReport> | undefined
  private readonly closer = new AbortController()
  /** Hour folders whose files all have an index. */
  private readonly indexChecked = new Set<string>()

  constructor(
    private readonly root: string,
    private readonly tmp: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly settings: Settings,
    private readonly options: CompactionOptions,
  ) {}

  runOnce(
    options: { signal?: AbortSignal; crashAfter?: CompactionStep } = {},
  ): Promise<CompactionReport> {
    if (this.closer.signal.aborted) {
      return Promise.reject(new AppError('SHUTTING_DOWN', 'The compactor is closed'))
    }
    // Passes never overlap: one journal per partition is the invariant everything rests on.
    if (this.running !== undefined) return this.running
    const signal =
      options.signal === undefined
        ? this.closer.signal
        : AbortSignal.any([options.signal, this.closer.signal])
    this.running = this.pass(signal, options.crashAfter).finally(() => {
      this.running = undefined
    })
    return this.running
  }

  async close(): Promise<void> {
    this.closer.abort()
    // An interrupted pass leaves journals behind; the next one finishes them.
    await this.running?.catch(() => undefined)
    this.connection.closeSync()
    this.instance.closeSync()
    await releaseTempDir(this.tmp)
  }

  private async pass(signal: AbortSignal, crashAfter?: CompactionStep): Promise<CompactionReport> {
    const report: CompactionReport = {
      compacted: [],
      sealed: [],
      filesMerged: 0,
      recovered: [],
      indexed: 0,
    }
    const switched: Switched[] = []
    for (const { dir, label, start } of await this.partitions()) {
      signal.throwIfAborted()
      const journal = await readJournal(dir)
      if (journal !== undefined) {
        const names = new Set((await listDir(dir)).map((e) => e.name))
        report.recovered.push(label)
        if (names.has(journal.output)) switched.push({ dir, label, journal })
        else await removeDurably(dir, [indexPathOf(journal.output), journalName])
        continue
      }
      try {
        const seal = this.settings.seal
        const sealing = seal !== undefined && start + hourMs + seal.afterMs <= Date.now()
        // Closed hours past this pass's share wait for the next one; open hours never do.
        if (sealing && report.sealed.length >= sealsPerPass) continue
        const done = await this.compactPartition(dir, label, sealing, crashAfter)
        if (done === undefined) {
          // Once a folder's files all have an index, new ones come with theirs: checked once.
          if (!this.indexChecked.has(dir)) {
            report.indexed += await indexUnindexedFiles(this.connection, dir, this.tmp)
            this.indexChecked.add(dir)
          }
          continue
        }
        report.compacted.push(label)
        if (sealing) report.sealed.push(label)
        report.filesMerged += done.inputs.length
        if (crashAfter !== undefined && crashAfter !== 'inputsRemoved') return report
        switched.push({ dir, label, journal: done })
      } catch (err) {
        if (signal.aborted) throw err
        // One broken partition must not stop the others; its inputs stay live.
        this.options.logger?.error({ err, partition: label }, 'Compaction of a partition failed')
        this.options.metrics?.errors('lake', 'compaction', 'LAKE_WRITE_FAILED')
      }
    }
    if (report.indexed > 0) {
      this.options.logger?.info(
        { files: report.indexed },
        'Indexed lake files of an earlier version',
      )
    }
    if (switched.length === 0) return report
    await sleep(this.settings.graceMs, undefined, { signal })
    for (const { dir, journal } of switched) {
      await removeDurably(dir, [...journal.inputs, ...journal.inputs.flatMap(sidecarsOf)])
    }
    if (crashAfter === 'inputsRemoved') return report
    // A reader that listed the folder while inputs were vanishing still needs the journal to
    // hide the ones it saw: keep it a moment longer than any listing takes.
    await sleep(Math.min(this.settings.graceMs, 1000), undefined, { signal })
    for (const { dir } of switched) await removeDurably(dir, [journalName])
    if (report.compacted.length > 0) {
      this.options.logger?.info(
        {
          partitions: report.compacted.length,
          sealed: report.sealed.length,
          files: report.filesMerged,
        },
        'Compacted small lake files',
      )
      this.options.metrics?.eventsOut('lake', 'compaction', report.filesMerged)
    }
    return report
  }

  /** Every hour folder of every table, with its label for logs and reports. */
  private async partitions(): Promise<{ dir: string; label: string; start: number }[]> {
    const found: { dir: string; label: string; start: number }[] = []
    for (const database of lakeDatabases) {
      for (const table of await tableFolders(join(this.root, database))) {
        const tableDir = join(this.root, database, table)
        for (const partition of await hourPartitions(tableDir)) {
          found.push({
            dir: join(tableDir, partition),
            label: `${database}/${table}/${partition}`,
            start: partitionStart(partition),
          })
        }
      }
    }
    return found
  }

  /**
   * Steps 1–3 for one partition; undefined when there is nothing to do: an open hour with too
   * few small files, or a closed one (`sealing`) already sealed.
   */
  private async compactPartition(
    dir: string,
    label: string,
    sealing: boolean,
    crashAfter: CompactionStep | undefined,
  ): Promise<CompactionJournal | undefined> {
    const inputs = sealing
      ? await sealInputs(dir, this.settings)
      : await smallInputs(dir, this.settings)
    if (inputs.length < (sealing ? 1 : this.settings.minFiles)) return undefined
    const output = `${fileTimestamp(new Date())}-${ulid()}${sealing ? sealedSuffix : '.parquet'}`
    const staged = join(this.tmp, output)
    const stagedIndex = indexPathOf(staged)
    try {
      await this.merge(
        inputs.map((name) => join(dir, name)),
        staged,
        label,
        sealing ? this.settings.seal?.zstdLevel : undefined,
      )
      await writeDurably(stagedIndex, await indexParquetFile(this.connection, staged))
      if (crashAfter === 'staged') return { output, inputs }
      const journal: CompactionJournal = { output, inputs }
      const journalTmp = join(this.tmp, `${output}.journal`)
      await writeFile(journalTmp, JSON.stringify(journal))
      await fsyncPath(journalTmp)
      await rename(journalTmp, join(dir, journalName))
      await fsyncPath(dir)
      if (crashAfter === 'journaled') return journal
      await rename(stagedIndex, indexPathOf(join(dir, output)))
      await rename(staged, join(dir, output))
      await fsyncPath(dir)
      noteLakeChange()
      return journal
    } finally {
      await rm(staged, { force: true })
      await rm(stagedIndex, { force: true })
    }
  }

  /** `ORDER BY p_event_time` when the inputs have it, as the writer orders its files. */
  private async orderByTime(list: string): Promise<string> {
    const found = await this.connection.runAndReadAll(
      `SELECT count(*) AS n FROM parquet_schema(${list}) WHERE name = 'p_event_time'`,
    )
    return Number(found.getRows()[0]?.[0] ?? 0) > 0 ? 'ORDER BY p_event_time NULLS LAST' : ''
  }

  /** Writes the inputs' rows into one ZSTD file and checks none was lost on the way. */
  private async merge(
    paths: readonly string[],
    staged: string,
    label: string,
    zstdLevel: number | undefined,
  ): Promise<void> {
    const list = `[${paths.map(sqlString).join(', ')}]`
    const expected = await this.connection.runAndReadAll(
      `SELECT sum(num_rows)::BIGINT AS n FROM parquet_file_metadata(${list})`,
    )
    // union_by_name keeps every column of files written before and after a schema change.
    const copied = await this.connection.runAndReadAll(
      `COPY (SELECT * FROM read_parquet(${list}, union_by_name=true, hive_partitioning=false) ` +
        `${await this.orderByTime(list)}) TO ${sqlString(staged)} (${parquetCopyOptions(zstdLevel)})`,
    )
    const want = Number(expected.getRows()[0]?.[0] ?? -1)
    const got = Number(copied.getRows()[0]?.[0] ?? -2)
    if (want !== got) {
      throw new AppError(
        'LAKE_WRITE_FAILED',
        `Merging ${label} wrote ${String(got)} rows instead of ${String(want)}`,
      )
    }
    await fsyncPath(staged)
  }
}

/** Deletes files of a folder (those already gone are fine), then fsyncs the folder. */
async function removeDurably(dir: string, names: readonly string[]): Promise<void> {
  for (const name of names) await rm(join(dir, name), { force: true })
  noteLakeChange()
  try {
    await fsyncPath(dir)
  } catch (err) {
    // Retention may have deleted the whole hour meanwhile: nothing left to make durable.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new AppError('LAKE_WRITE_FAILED', `Cannot sync ${dir}: ${describeError(err)}`, {
        cause: err,
      })
    }
  }
}
