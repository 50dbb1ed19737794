import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { gunzipSync, gzipSync } from 'node:zlib'
import { createCliRuntime } from '../src/app/index.js'
import { resolveInputs } from '../src/cli/ingest-inputs.js'
import type { IngestCounters } from '../src/cli/ingest-progress.js'
import { runIngest } from '../src/cli/ingest-run.js'
import { cloudTrailRecords } from './generators/cloudtrail.js'
import { timed, type BenchLine } from './harness.js'

const files = 8
const perFile = 5_000

/**
 * `caracal ingest` of a folder of gzip CloudTrail files, through the same code as the command
 * (spool, parse, detections, durable Parquet): with the log type named, and with it found by
 * sniffing each file's first records; beside gunzip + JSON.parse of the same files.
 */
export async function run(): Promise<BenchLine[]> {
  const root = mkdtempSync(join(tmpdir(), 'caracal-bench-ingest-files-'))
  try {
    const input = join(root, 'in')
    mkdirSync(input)
    const records = cloudTrailRecords(files * perFile)
    for (let f = 0; f < files; f++) {
      const lines = records.slice(f * perFile, (f + 1) * perFile).map((r) => JSON.stringify(r))
      writeFileSync(join(input, `trail-${String(f)}.json.gz`), gzipSync(`${lines.join('\n')}\n`))
    }
    const paths = (await resolveInputs([input], { include: [], exclude: [] })).map((i) => i.path)
    const parseSeconds = await timed(() => {
      for (const path of paths) {
        for (const line of gunzipSync(readFileSync(path)).toString('utf8').split('\n')) {
          if (line !== '') JSON.parse(line)
        }
      }
    })
    const named = await ingestOnce(root, 'named', input, ['AWS.CloudTrail'])
    const sniffed = await ingestOnce(root, 'sniffed', input, [])
    const events = files * perFile
    return [
      {
        name: `ingest ${String(files)} gzip files, --log-type named (durable)`,
        value: events / named,
        unit: 'events/s',
        baseline: { name: 'gunzip + JSON.parse', value: events / parseSeconds, unit: 'events/s' },
      },
      {
        name: 'ingest, log types found by sniffing',
        value: events / sniffed,
        unit: 'events/s',
        baseline: { name: 'log type named', value: events / named, unit: 'events/s' },
      },
    ]
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

/** Seconds one ingest of the folder takes, into a fresh data directory. */
async function ingestOnce(
  root: string,
  name: string,
  input: string,
  logTypes: string[],
): Promise<number> {
  const env = { ...process.env, CARACAL_LOG__LEVEL: 'error' }
  const services = await createCliRuntime(env).open({ data: join(root, name) })
  try {
    const inputs = await resolveInputs([input], { include: [], exclude: [] })
    const counters: IngestCounters = {
      inputs: inputs.length,
      inputsDone: 0,
      bytes: 0,
      totalBytes: undefined,
      records: 0,
      events: 0,
      failed: 0,
      unreadable: 0,
    }
    const plan = { inputs, logTypes, sourceId: 'bench', batchSize: 2000, stdin: Readable.from([]) }
    const seconds = await timed(() => runIngest(services, plan, counters, () => undefined))
    if (counters.events !== files * perFile) {
      throw new Error(`expected ${String(files * perFile)} events, got ${String(counters.events)}`)
    }
    return seconds
  } finally {
    await services.close()
  }
}
