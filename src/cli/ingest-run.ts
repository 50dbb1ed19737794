import { createReadStream } from 'node:fs'
import { Transform, type Readable } from 'node:stream'
import { ulid } from 'ulid'
import { AppError } from '../core/index.js'
import {
  decompressByMagic,
  emptyTotals,
  readFramedBatches,
  type StreamTotals,
} from '../sources/index.js'
import type { IngestInput } from './ingest-inputs.js'
import type { IngestCounters } from './ingest-progress.js'
import type { CliServices } from './runtime.js'

/** What `caracal ingest` reads and how it labels it. */
export interface IngestPlan {
  inputs: readonly IngestInput[]
  /** Named log types, the first the primary; empty: each input's are found by sniffing. */
  logTypes: readonly string[]
  sourceId: string
  batchSize: number
  stdin: Readable
}

/** What happened to one input, for the caller to print. */
export type InputEvent =
  | { kind: 'failed'; path: string; message: string }
  | { kind: 'sniffed'; path: string; logTypes: readonly string[] }
  | { kind: 'progress' }

/** Records of an input's first batch the sniffing looks at, at most. */
const sniffSample = 100

/**
 * Reads every input in turn through the same sink as the server (the spool when it is on, so a
 * crash mid-run replays what was acknowledged, once): each batch is durable before the next is
 * read. An input that cannot be read is counted and reported; the others still run. A transient
 * failure (the lake cannot write) stops the run: retrying is the user's call.
 */
export async function runIngest(
  services: Pick<CliServices, 'sink' | 'sniffLogTypes'>,
  plan: IngestPlan,
  counters: IngestCounters,
  onEvent: (event: InputEvent) => void,
): Promise<StreamTotals> {
  const totals = emptyTotals()
  for (const input of plan.inputs) {
    if (input.kind === 'unreadable') {
      counters.unreadable++
      counters.inputsDone++
      onEvent({ kind: 'failed', path: input.path, message: input.reason })
      continue
    }
    try {
      await ingestOne(services, plan, input, counters, totals, onEvent)
    } catch (err) {
      if (err instanceof AppError && err.category === 'operational') throw err
      counters.unreadable++
      onEvent({ kind: 'failed', path: input.path, message: (err as Error).message })
    } finally {
      counters.inputsDone++
      onEvent({ kind: 'progress' })
    }
  }
  return totals
}

async function ingestOne(
  services: Pick<CliServices, 'sink' | 'sniffLogTypes'>,
  plan: IngestPlan,
  input: Extract<IngestInput, { kind: 'file' | 'stdin' }>,
  counters: IngestCounters,
  totals: StreamTotals,
  onEvent: (event: InputEvent) => void,
): Promise<void> {
  const raw = input.kind === 'stdin' ? plan.stdin : createReadStream(input.path)
  // Bytes are counted as stored, so they add up to the files' sizes that the ETA is based on.
  const counted = raw.pipe(
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        counters.bytes += chunk.length
        done(null, chunk)
      },
    }),
  )
  raw.on('error', (err: Error) => counted.destroy(err))
  const { stream } = await decompressByMagic(counted)
  let logTypes = plan.logTypes
  for await (const { records, failures } of readFramedBatches(stream, plan.batchSize)) {
    if (logTypes.length === 0) {
      logTypes = services.sniffLogTypes(records.slice(0, sniffSample)).map((s) => s.logType)
      if (logTypes.length === 0) {
        stream.destroy()
        throw new AppError(
          'INPUT_UNREADABLE',
          'no log type accepts its first records; name one with --log-type',
        )
      }
      onEvent({ kind: 'sniffed', path: input.path, logTypes })
    }
    const [primary, ...candidates] = logTypes
    const report = await services.sink.submit({
      id: ulid(),
      sourceId: plan.sourceId,
      logType: primary ?? '',
      records,
      receivedAt: new Date(),
      ...(candidates.length === 0 ? {} : { candidates }),
      ...(failures.length === 0 ? {} : { failures }),
    })
    totals.received += report.received
    totals.parsed += report.parsed
    totals.failed += report.failed
    totals.matches += report.matches
    totals.ruleErrors += report.ruleErrors
    totals.alertsOpened += report.alertsOpened
    counters.records += report.received
    counters.events += report.parsed
    counters.failed += report.failed
    onEvent({ kind: 'progress' })
  }
}
