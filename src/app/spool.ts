import { randomUUID } from 'node:crypto'
import {
  appendFile,
  type FileHandle,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
} from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger, RawBatch } from '../core/index.js'

/** Options of {@link openSpool}. */
export interface SpoolOptions {
  /** `<data>/spool`: one folder per running process, named after it. */
  root: string
  logger: Logger
  /** A segment is closed (and deleted once every batch in it is done) past this size. */
  segmentBytes?: number
}

/** A batch left unfinished by a process that is gone, with the folder it came from. */
export interface PendingBatch {
  batch: RawBatch
  /** Marks the batch done once its replay finished. */
  done(): Promise<void>
}

/** Batches read back from the spools of processes that died. */
export interface Recovery {
  pending: PendingBatch[]
  /** Deletes the claimed folders; call once every pending batch is done. */
  finish(): Promise<void>
}

interface Segment {
  number: number
  handle: FileHandle
  doneHandle: FileHandle
  bytes: number
  open: Set<string>
  closed: boolean
}

interface QueuedAppend {
  id: string
  line: string
  resolve: () => void
  reject: (err: unknown) => void
}

const defaultSegmentBytes = 64 * 1024 * 1024

/**
 * An append-only write-ahead log of received batches. `append` resolves once the batch is
 * fsynced; appends arriving while an fsync runs share the next one (group commit). `markDone`
 * notes a processed batch (not fsynced: a lost mark only makes a replay deduplicate it); a
 * segment whose batches are all done is deleted.
 */
export class Spool {
  private segment: Segment | undefined
  private readonly segments = new Map<string, Segment>()
  private queue: QueuedAppend[] = []
  private flushing: Promise<void> | undefined
  private nextNumber = 1
  private readonly segmentBytes: number

  private constructor(
    private readonly dir: string,
    private readonly logger: Logger,
    segmentBytes: number | undefined,
  ) {
    this.segmentBytes = segmentBytes ?? defaultSegmentBytes
  }

  /** Creates this process's spool folder and claims those of processes that are gone. */
  static async open(options: SpoolOptions): Promise<{ spool: Spool; recovery: Recovery }> {
    await mkdir(options.root, { recursive: true })
    const recovery = await claimDead(options.root, options.logger)
    const dir = join(options.root, `${String(process.pid)}-${randomUUID().slice(0, 8)}`)
    await mkdir(dir)
    return { spool: new Spool(dir, options.logger, options.segmentBytes), recovery }
  }

  /** Appends the batch; resolves once it is on disk (fsynced). */
  append(batch: RawBatch): Promise<void> {
    const line = `${JSON.stringify(encode(batch))}\n`
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ id: batch.id, line, resolve, reject })
      this.flushing ??= this.flushLoop()
    })
  }

  /** Notes that the batch went through the pipeline; deletes segments left with nothing open. */
  async markDone(batchId: string): Promise<void> {
    const segment = this.segments.get(batchId)
    if (segment === undefined) return
    this.segments.delete(batchId)
    segment.open.delete(batchId)
    await segment.doneHandle.write(`${batchId}\n`)
    if (segment.closed && segment.open.size === 0) await this.remove(segment)
  }

  /** Closes the files; open batches stay for the next start to replay. */
  async close(): Promise<void> {
    await this.flushing
    const segment = this.segment
    this.segment = undefined
    if (segment !== undefined) {
      segment.closed = true
      if (segment.open.size === 0) await this.remove(segment)
      else await closeSegment(segment)
    }
    // Nothing left to replay: the folder goes too, so finished processes leave no trace.
    if (this.segments.size === 0) await rm(this.dir, { recursive: true, force: true })
  }

  private async flushLoop(): Promise<void> {
    while (this.queue.length > 0) {
      const group = this.queue
      this.queue = []
      try {
        const segment = await this.current()
        const data = Buffer.from(group.map((q) => q.line).join(''))
        await segment.handle.write(data)
        await segment.handle.datasync()
        segment.bytes += data.length
        for (const q of group) {
          segment.open.add(q.id)
          this.segments.set(q.id, segment)
        }
        for (const q of group) q.resolve()
        if (segment.bytes >= this.segmentBytes) await this.rotate(segment)
      } catch (err) {
        for (const q of group) q.reject(err)
      }
    }
    this.flushing = undefined
  }

  private async current(): Promise<Segment> {
    if (this.segment !== undefined) return this.segment
    const number = this.nextNumber++
    const name = join(this.dir, segmentName(number))
    const handle = await open(`${name}.log`, 'a')
    const doneHandle = await open(`${name}.done`, 'a')
    // The new file names must survive a crash too.
    await syncDir(this.dir)
    this.segment = { number, handle, doneHandle, bytes: 0, open: new Set(), closed: false }
    return this.segment
  }

  private async rotate(segment: Segment): Promise<void> {
    this.segment = undefined
    segment.closed = true
    if (segment.open.size === 0) await this.remove(segment)
  }

  private async remove(segment: Segment): Promise<void> {
    await closeSegment(segment)
    const name = join(this.dir, segmentName(segment.number))
    await rm(`${name}.log`, { force: true })
    await rm(`${name}.done`, { force: true })
    this.logger.debug({ segment: segment.number }, 'Spool segment fully processed; deleted')
  }
}

interface EncodedBatch {
  id: string
  sourceId: string
  logType: string
  candidates?: readonly string[]
  failures?: RawBatch['failures']
  records: readonly string[]
  receivedAt: string
}

function encode(batch: RawBatch): EncodedBatch {
  return {
    id: batch.id,
    sourceId: batch.sourceId,
    logType: batch.logType,
    ...(batch.candidates === undefined ? {} : { candidates: batch.candidates }),
    ...(batch.failures === undefined ? {} : { failures: batch.failures }),
    records: batch.records,
    receivedAt: batch.receivedAt.toISOString(),
  }
}

function decode(encoded: EncodedBatch): RawBatch {
  return {
    id: encoded.id,
    sourceId: encoded.sourceId,
    logType: encoded.logType,
    ...(encoded.candidates === undefined ? {} : { candidates: encoded.candidates }),
    ...(encoded.failures === undefined ? {} : { failures: encoded.failures }),
    records: encoded.records,
    receivedAt: new Date(encoded.receivedAt),
  }
}

function segmentName(number: number): string {
  return `segment-${number.toString().padStart(8, '0')}`
}

async function closeSegment(segment: Segment): Promise<void> {
  await segment.handle.close().catch(() => undefined)
  await segment.doneHandle.close().catch(() => undefined)
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Whether a process runs with this id (our own id is a previous life of this container). */
function alive(pid: number): boolean {
  if (pid === process.pid) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Takes over the folders of processes that are gone: each is renamed first (atomic, so two
 * starting processes never replay the same folder), then its unfinished batches are read in order.
 */
async function claimDead(root: string, logger: Logger): Promise<Recovery> {
  const claimed: string[] = []
  const pending: PendingBatch[] = []
  for (const name of (await readdir(root)).sort()) {
    const match = /^(\d+)-[0-9a-f]{8}$/.exec(name) ?? /^claimed-(\d+)-/.exec(name)
    if (match === null) continue
    const owner = Number(match[1])
    if (alive(owner)) continue
    const target = join(root, `claimed-${String(process.pid)}-${randomUUID().slice(0, 8)}`)
    try {
      await rename(join(root, name), target)
    } catch {
      continue // another process claimed it first
    }
    claimed.push(target)
    pending.push(...(await readPending(target, logger)))
  }
  if (pending.length > 0) {
    logger.warn({ batches: pending.length }, 'Replaying batches left unfinished by a crash')
  }
  return {
    pending,
    finish: async () => {
      for (const dir of claimed) await rm(dir, { recursive: true, force: true })
    },
  }
}

/** The batches of a claimed folder not marked done, segment by segment, in append order. */
async function readPending(dir: string, logger: Logger): Promise<PendingBatch[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.log')).sort()
  const pending: PendingBatch[] = []
  for (const file of files) {
    const base = join(dir, file.slice(0, -'.log'.length))
    const done = new Set((await readText(`${base}.done`)).split('\n').filter((l) => l !== ''))
    const lines = (await readText(`${base}.log`)).split('\n')
    const last = lines.length - 1
    lines.forEach((line, index) => {
      if (line === '') return
      let batch: RawBatch
      try {
        batch = decode(JSON.parse(line) as EncodedBatch)
      } catch (err) {
        // A torn last record was never acknowledged; anything else is worth a look.
        if (index !== last) logger.error({ err, file: `${base}.log` }, 'Unreadable spool record')
        return
      }
      if (done.has(batch.id)) return
      pending.push({
        batch,
        // Saves a second replay if this one is cut short; not fsynced, a lost mark only costs time.
        done: () => appendFile(`${base}.done`, `${batch.id}\n`),
      })
    })
  }
  return pending
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return ''
    throw err
  }
}
