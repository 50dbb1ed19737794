import { builtinLogTypes, parseBatch } from '../src/logs/index.js'
import { cloudTrailRecords } from './generators/cloudtrail.js'
import { timed, type BenchLine } from './harness.js'

const events = 100_000
const perBatch = 2_000
const rounds = 9

/**
 * CloudTrail NDJSON through the compiled schema (JSON.parse, normalization, indicators) and
 * parseBatch's standard fields, in batches of the size an HTTP request carries, beside bare
 * JSON.parse of the same lines. One core; after a warm-up, the two alternate for `rounds` runs
 * and the best of each counts, so a burst of load on a shared machine hits both alike.
 */
export async function run(): Promise<BenchLine[]> {
  const lines = cloudTrailRecords(events).map((r) => JSON.stringify(r))
  const mib = lines.reduce((n, l) => n + Buffer.byteLength(l), 0) / 2 ** 20
  const logType = builtinLogTypes().find('AWS.CloudTrail')
  const context = { batchId: 'bench', sourceId: 'bench', sourceLabel: 'Bench', now: new Date() }

  const batches: string[][] = []
  for (let i = 0; i < lines.length; i += perBatch) batches.push(lines.slice(i, i + perBatch))

  const bare = () => {
    for (const line of lines) JSON.parse(line)
  }
  let parsed = 0
  const normalized = () => {
    parsed = 0
    for (const batch of batches) parsed += parseBatch(logType, batch, context).events.length
  }
  bare()
  normalized()
  let bareSeconds = Infinity
  let parseSeconds = Infinity
  for (let i = 0; i < rounds; i++) {
    bareSeconds = Math.min(bareSeconds, await timed(bare))
    parseSeconds = Math.min(parseSeconds, await timed(normalized))
  }
  if (parsed !== events) throw new Error(`parsed ${parsed} of ${events} events`)

  const baseline = (value: number, unit: string) => ({ name: 'bare JSON.parse', value, unit })
  return [
    {
      name: 'parse CloudTrail (schema + p_* fields)',
      value: events / parseSeconds,
      unit: 'events/s',
      baseline: baseline(events / bareSeconds, 'events/s'),
    },
    {
      name: 'parse CloudTrail (schema + p_* fields)',
      value: mib / parseSeconds,
      unit: 'MiB/s',
      baseline: baseline(mib / bareSeconds, 'MiB/s'),
    },
  ]
}
