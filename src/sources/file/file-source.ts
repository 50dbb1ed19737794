import { stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import type {
  BatchSink,
  Logger,
  PluginContext,
  RunnableSource,
  SourceCheckpoints,
  SourceHealth,
} from '../../core/index.js'
import { deliverBatch, pause, stableBatchId, type DeliveryTarget } from '../deliver-batch.js'
import { SourceStats } from '../source-stats.js'
import type { FileSourceConfig } from './config.js'
import { expandGlob, globBase } from './file-glob.js'
import { DirWatchers, Wakeup } from './file-watch.js'
import { TailedFile, type FileIdentity } from './tailed-file.js'

/** What is stored per file path: which file it was and how far it is durable. */
interface Checkpoint extends FileIdentity {
  offset: number
  /**
   * Where the batch being submitted ends, stored before it is submitted: after a crash between
   * its durability and the offset's update, exactly those bytes are read again (same lines,
   * same batch id) and flagged as a re-read, so the sink finds them in the lake and skips them.
   */
  pending?: number
}

/** State of one run of the source. */
interface Run {
  target: DeliveryTarget
  checkpoints: SourceCheckpoints
  /** Followed files by identity (`dev:ino`), so renames do not re-read them. */
  tracked: Map<string, TailedFile>
  /** Checkpoints found at start; used only by the first scan. */
  saved: Map<string, Checkpoint> | undefined
  /** Files (by identity) whose first batch re-reads a pending one, up to where it ended. */
  rereads: Map<string, number>
}

/**
 * Follows growing files like `tail -F`: picks up files matching its globs, reads new lines,
 * finishes a rotated file through its open handle before taking the new one, starts over after
 * truncation, and stores each file's offset once the lines before it are durable.
 */
export class FileSource implements RunnableSource {
  readonly type = 'file'
  readonly logType: string
  readonly label: string
  private readonly stats: SourceStats
  private readonly logger: Logger

  constructor(
    readonly id: string,
    private readonly config: FileSourceConfig,
    context: PluginContext,
  ) {
    this.logType = config.logType
    this.label = config.label ?? id
    this.logger = context.logger
    this.stats = new SourceStats(id, context.logger, context.metrics)
  }

  health(): SourceHealth {
    return this.stats.snapshot()
  }

  async start(sink: BatchSink, signal: AbortSignal, checkpoints: SourceCheckpoints): Promise<void> {
    const { stats } = this
    stats.setRunning(true)
    const wakeup = new Wakeup()
    const watchers = new DirWatchers(() => {
      wakeup.poke()
    })
    const run: Run = {
      target: {
        sink,
        sourceId: this.id,
        logType: this.logType,
        candidates: this.config.candidates,
        stats,
        signal,
      },
      checkpoints,
      tracked: new Map(),
      saved: undefined,
      rereads: new Map(),
    }
    try {
      for (let attempt = 0; !signal.aborted && run.saved === undefined; attempt++) {
        try {
          run.saved = await loadCheckpoints(checkpoints, this.id)
        } catch (err) {
          stats.error('CHECKPOINT_FAILED', err, {}, true)
          await pause(Math.min(30_000, 1000 * 2 ** attempt), signal)
        }
      }
      while (!signal.aborted) {
        try {
          await this.scan(run)
        } catch (err) {
          stats.error('SCAN_FAILED', err, {}, true)
        }
        run.saved = undefined
        const dirs = new Set(this.config.paths.map(globBase))
        for (const file of run.tracked.values()) dirs.add(dirname(file.path))
        watchers.update(dirs)
        await wakeup.wait(this.config.pollIntervalMs, signal)
      }
    } finally {
      watchers.close()
      for (const file of run.tracked.values()) await file.close()
      stats.setRunning(false)
    }
  }

  /**
   * Finds the files, handles renames and rotations, then reads every file to its end. A file
   * that cannot be read (no permission, a symlink loop) marks the source failing with the error
   * and is tried again at every scan; a scan without such a problem marks it healthy again.
   */
  private async scan(run: Run): Promise<void> {
    let problems = 0
    const unreadable = (path: string, err: unknown) => {
      problems++
      this.stats.error('READ_FAILED', err, { path }, true)
    }
    const matched = await this.matchFiles(unreadable)
    const pathOf = new Map([...matched].map(([path, key]) => [key, path]))
    for (const [key, file] of run.tracked) {
      const now = pathOf.get(key)
      if (now === file.path) continue
      if (now !== undefined) {
        // Renamed to another followed name: same file, same offset, stored under its new name.
        file.path = now
        await this.save(run, file)
        continue
      }
      // Rotated away or deleted: finish it through the open handle, then let it go.
      await this.drain(run, file, true)
      await file.close()
      run.tracked.delete(key)
      if (!matched.has(file.path)) await run.checkpoints.delete(this.id, file.path)
    }
    const first = run.saved !== undefined
    for (const [path, key] of matched) {
      if (run.tracked.has(key)) continue
      let file: TailedFile | undefined
      try {
        file = await TailedFile.open(path, (identity, size) =>
          this.startOffset(run.saved, identity, size, first),
        )
      } catch (err) {
        unreadable(path, err)
        continue
      }
      if (file === undefined) continue
      const pending = storedFor(run.saved, file.identity)
      if (pending?.pending !== undefined && pending.offset === file.offset) {
        run.rereads.set(identityKey(file.identity), pending.pending)
      }
      run.tracked.set(identityKey(file.identity), file)
      this.logger.info({ path, offset: file.offset }, 'Following file')
    }
    for (const file of [...run.tracked.values()].sort((a, b) => a.path.localeCompare(b.path))) {
      if (run.target.signal.aborted) return
      try {
        await this.drain(run, file, false)
      } catch (err) {
        unreadable(file.path, err)
      }
    }
    if (problems === 0) this.stats.recovered()
  }

  /** Every path the globs match now, with the identity of the file there. */
  private async matchFiles(
    unreadable: (path: string, err: unknown) => void,
  ): Promise<Map<string, string>> {
    const matched = new Map<string, string>()
    for (const pattern of this.config.paths) {
      for (const path of await expandGlob(pattern)) {
        try {
          const info = await stat(path)
          if (info.isFile()) matched.set(path, identityKey(info))
        } catch (err) {
          // Vanished between listing and stat: the next scan sees what replaced it.
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') unreadable(path, err)
        }
      }
    }
    return matched
  }

  /** Where to start a newly seen file: its stored offset, its end, or its beginning. */
  private startOffset(
    saved: Map<string, Checkpoint> | undefined,
    identity: FileIdentity,
    size: number,
    first: boolean,
  ): number {
    // Matched by identity, not name: a file rotated while Caracal was down resumes where it was.
    const stored = storedFor(saved, identity)
    if (stored !== undefined) return stored.offset <= size ? stored.offset : 0
    return first && this.config.startAt === 'end' ? size : 0
  }

  /** Reads a file to its end in batches; each batch is durable before its offset is stored. */
  private async drain(run: Run, file: TailedFile, final: boolean): Promise<void> {
    const { config, stats } = this
    let size = await file.size()
    if (size < file.offset) {
      this.logger.info({ path: file.path, size, offset: file.offset }, 'File truncated; rereading')
      file.commit(0)
      await this.save(run, file)
    }
    while (!run.target.signal.aborted && file.offset < size) {
      const key = identityKey(file.identity)
      const rereadUntil = run.rereads.get(key)
      run.rereads.delete(key)
      const read = await file.read(config.batchSize, config.maxLineBytes, final, rereadUntil)
      for (const bytes of read.oversize) {
        stats.error('LINE_TOO_LONG', `a line of ${bytes}+ bytes is over the limit; skipped`, {
          path: file.path,
        })
      }
      if (read.end === file.offset) break
      stats.received(read.lines.length, read.bytes)
      // Same file, offset and lines, same batch id: a re-read after a crash yields the same row
      // ids; the lines are part of it because a truncated file reuses its offsets.
      const id = stableBatchId(this.id, key, file.offset, ...read.lines)
      if (read.lines.length > 0) {
        await this.save(run, file, read.end)
        const reread = rereadUntil !== undefined
        if (!(await deliverBatch(run.target, read.lines, id, reread))) return
      }
      file.commit(read.end)
      await this.save(run, file)
      if (file.offset >= size) size = await file.size()
    }
  }

  /** Stores the file's durable offset, and where the batch about to be submitted ends. */
  private async save(run: Run, file: TailedFile, pending?: number): Promise<void> {
    const value: Checkpoint = {
      ...file.identity,
      offset: file.offset,
      ...(pending === undefined ? {} : { pending }),
    }
    await run.checkpoints.set(this.id, file.path, JSON.stringify(value))
  }
}

function identityKey(identity: FileIdentity): string {
  return `${identity.dev}:${identity.ino}`
}

async function loadCheckpoints(
  checkpoints: SourceCheckpoints,
  sourceId: string,
): Promise<Map<string, Checkpoint>> {
  const out = new Map<string, Checkpoint>()
  for (const [path, value] of await checkpoints.list(sourceId)) {
    try {
      const parsed = JSON.parse(value) as Partial<Checkpoint>
      const { dev, ino, offset, pending } = parsed
      if (typeof dev === 'number' && typeof ino === 'number' && typeof offset === 'number') {
        out.set(path, { dev, ino, offset, ...(typeof pending === 'number' ? { pending } : {}) })
      }
    } catch {
      // An unreadable checkpoint is treated as none: the file is read by `startAt`.
    }
  }
  return out
}

/** The checkpoint stored for a file, matched by identity (a file renamed while down still has it). */
function storedFor(
  saved: Map<string, Checkpoint> | undefined,
  identity: FileIdentity,
): Checkpoint | undefined {
  return [...(saved?.values() ?? [])].find((c) => c.dev === identity.dev && c.ino === identity.ino)
}
