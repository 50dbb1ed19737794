import type { Readable } from 'node:stream'
import {
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type ListObjectsV2CommandOutput,
} from '@aws-sdk/client-s3'
import {
  AppError,
  type BatchSink,
  type Logger,
  type PluginContext,
  type RunnableSource,
  type SourceCheckpoints,
  type SourceHealth,
} from '../../core/index.js'
import { deliverBatch, pause, stableBatchId, type DeliveryTarget } from '../deliver-batch.js'
import { readRecordBatches } from '../framing/index.js'
import { CompressedInputInvalid } from '../source-decompress.js'
import { SourceStats } from '../source-stats.js'
import type { S3SourceConfig } from './config.js'
import { decodeObject, ObjectUnreadable, prefixOf, skipReason } from './s3-objects.js'
import { consumeQueue } from './s3-queue.js'

type S3Object = NonNullable<ListObjectsV2CommandOutput['Contents']>[number]

/** S3 error names that concern one object, not the bucket: skip the object, keep going. */
const objectErrors = new Set(['NoSuchKey', 'AccessDenied', 'InvalidObjectState'])

/**
 * Reads log objects from a bucket: lists each configured prefix after its checkpoint (the last
 * key read; S3 lists keys in order), reads each new object (gzip, zstd where Node has it) and
 * moves the checkpoint past it once all its records are durable.
 */
export class S3Source implements RunnableSource {
  readonly type = 's3'
  readonly logType: string
  readonly label: string
  private readonly stats: SourceStats
  private readonly logger: Logger
  private readonly prefixes: readonly string[]
  /** Prefixes this run read an object of and stored its checkpoint for (see `sweep`). */
  private readonly readPrefixes = new Set<string>()
  private client: S3Client | undefined

  constructor(
    readonly id: string,
    private readonly config: S3SourceConfig,
    context: PluginContext,
  ) {
    this.prefixes = Object.keys(config.prefixes)
    this.logType = [...new Set(Object.values(config.prefixes).flat())].join(', ')
    this.label = config.label ?? id
    this.logger = context.logger
    this.stats = new SourceStats(id, context.logger, context.metrics)
  }

  health(): SourceHealth {
    return this.stats.snapshot()
  }

  async start(sink: BatchSink, signal: AbortSignal, checkpoints: SourceCheckpoints): Promise<void> {
    const { config, stats } = this
    stats.setRunning(true)
    this.readPrefixes.clear()
    this.client = new S3Client({
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
      ...(config.credentials === undefined ? {} : { credentials: staticCredentials(config) }),
    })
    const target = { sink, sourceId: this.id, logType: '', stats, signal }
    const loops: Promise<void>[] = []
    if (config.listObjects) loops.push(this.listLoop(target, checkpoints))
    if (config.sqs !== undefined) {
      loops.push(
        consumeQueue({
          config,
          sqs: config.sqs,
          credentials: config.credentials === undefined ? undefined : staticCredentials(config),
          stats,
          logger: this.logger,
          signal,
          readObject: (key, size, redelivered) =>
            this.readAnnounced(target, key, size, redelivered),
        }),
      )
    }
    try {
      await Promise.all(loops)
    } finally {
      this.client.destroy()
      stats.setRunning(false)
    }
  }

  /** Lists the bucket every poll interval; a failure is shown in health and retried. */
  private async listLoop(target: DeliveryTarget, checkpoints: SourceCheckpoints): Promise<void> {
    const { config, stats } = this
    const { signal } = target
    for (let failures = 0; !signal.aborted;) {
      try {
        await this.sweep(target, checkpoints)
        stats.recovered()
        failures = 0
        await pause(config.pollIntervalMs, signal)
      } catch (err) {
        if (stopped(signal)) break
        // Bucket gone, bad credentials, endpoint down: shown in health, retried with backoff.
        stats.error('LIST_FAILED', err, { bucket: config.bucket }, true)
        await pause(Math.min(config.pollIntervalMs, 1000 * 2 ** failures++), signal)
      }
    }
  }

  /** Reads an object a notification announced, if a configured prefix covers it. */
  private async readAnnounced(
    target: DeliveryTarget,
    key: string,
    size: number | undefined,
    redelivered: boolean,
  ): Promise<boolean> {
    const prefix = prefixOf(key, this.prefixes)
    if (prefix === undefined) {
      this.logger.debug({ key }, 'Announced object under no configured prefix; ignored')
      return true
    }
    // A message received again may announce an object read before the message was deleted.
    return this.readObject(
      target,
      prefix,
      { Key: key, ...(size === undefined ? {} : { Size: size }) },
      redelivered,
    )
  }

  /**
   * Lists every prefix after its checkpoint and reads the new objects, in key order. The first
   * object of a prefix read by this run may have been read (in part or whole) before a crash or
   * a stop that came before its checkpoint was stored: its batches are flagged as re-reads.
   */
  private async sweep(target: DeliveryTarget, checkpoints: SourceCheckpoints): Promise<void> {
    const saved = await checkpoints.list(this.id)
    for (const prefix of this.prefixes) {
      let after = saved.get(prefix) ?? this.config.startAfter
      let token: string | undefined
      do {
        const page = await this.s3().send(
          new ListObjectsV2Command({
            Bucket: this.config.bucket,
            Prefix: prefix,
            ...(token === undefined && after !== undefined ? { StartAfter: after } : {}),
            ...(token === undefined ? {} : { ContinuationToken: token }),
          }),
          { abortSignal: target.signal },
        )
        for (const object of page.Contents ?? []) {
          if (target.signal.aborted) return
          const key = object.Key
          if (key === undefined || (after !== undefined && key <= after)) continue
          // A key under a longer configured prefix is that prefix's business.
          if (prefixOf(key, this.prefixes) !== prefix) continue
          const reread = !this.readPrefixes.has(prefix)
          let done: boolean
          try {
            done = await this.readObject(target, prefix, object, reread)
          } catch (err) {
            // Failed part-way (the endpoint went down): the retry may re-read durable batches.
            this.readPrefixes.delete(prefix)
            throw err
          }
          if (!done) return
          await checkpoints.set(this.id, prefix, key)
          this.readPrefixes.add(prefix)
          after = key
        }
        token = page.IsTruncated === true ? page.NextContinuationToken : undefined
      } while (token !== undefined)
    }
  }

  /**
   * Reads one object into durable batches. True when done with it (read, skipped or refused
   * with a counted error), false when the source stopped part-way (it is read again later).
   */
  private async readObject(
    target: DeliveryTarget,
    prefix: string,
    object: S3Object,
    reread: boolean,
  ): Promise<boolean> {
    const key = object.Key ?? ''
    const skip = skipReason(key, object.Size)
    if (skip !== undefined) {
      this.logger.debug({ key, reason: skip }, 'Object skipped')
      return true
    }
    const [logType = '', ...candidates] = [this.config.prefixes[prefix] ?? []].flat()
    const where = { bucket: this.config.bucket, key }
    if ((object.Size ?? 0) > this.config.maxObjectBytes) {
      const message = `the object is over maxObjectBytes (${this.config.maxObjectBytes})`
      this.stats.error('OBJECT_UNREADABLE', message, where)
      return true
    }
    try {
      const response = await this.s3().send(
        new GetObjectCommand({ Bucket: this.config.bucket, Key: key }),
        { abortSignal: target.signal },
      )
      const body = await decodeObject(response.Body as Readable)
      this.stats.received(0, object.Size ?? 0)
      let index = 0
      for await (const records of readRecordBatches(body, this.config.batchSize)) {
        this.stats.received(records.length, 0)
        // The object's ETag and the batch's place in it make re-reads yield the same row ids.
        const id = stableBatchId(this.id, key, response.ETag ?? '', index++)
        const batchTarget = { ...target, logType, candidates }
        if (!(await deliverBatch(batchTarget, records, id, reread))) return false
      }
      this.logger.debug({ ...where, logType, batches: index }, 'Object read')
      return true
    } catch (err) {
      if (target.signal.aborted) return false
      if (!isObjectProblem(err)) throw err
      this.stats.error('OBJECT_UNREADABLE', err, where)
      return true
    }
  }

  private s3(): S3Client {
    if (this.client === undefined) throw new AppError('INTERNAL', 'the S3 source is not started')
    return this.client
  }
}

/** Errors about one object's content or access (skip it), as opposed to the bucket's or network. */
function isObjectProblem(err: unknown): boolean {
  if (err instanceof ObjectUnreadable || err instanceof CompressedInputInvalid) return true
  if (err instanceof AppError) return err.category === 'user'
  const { name, code } = err as { name?: string; code?: string }
  if (name !== undefined && objectErrors.has(name)) return true
  // zlib: a corrupt gzip or zstd stream.
  return typeof code === 'string' && code.startsWith('Z_')
}

/** The configured static credentials in the SDK's shape (no `sessionToken: undefined`). */
function staticCredentials(config: S3SourceConfig) {
  const { accessKeyId, secretAccessKey, sessionToken } = config.credentials ?? {
    accessKeyId: '',
    secretAccessKey: '',
  }
  return { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) }
}

/** Read through a call so the compiler does not assume the loop condition still holds. */
function stopped(signal: AbortSignal): boolean {
  return signal.aborted
}
