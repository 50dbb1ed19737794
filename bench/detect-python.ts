/**
 * Throughput of the Python detection engine (one worker process, 50 Panther-format rules) against
 * a bare CPython loop calling the same rule functions on the same events, `json.loads` included,
 * in the same run: the difference is what the engine adds (pipes, the immutable case-insensitive
 * event, per-call markers, result checks). Seeded CloudTrail-like events, batches of 500.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { EventRecord } from '../src/core/index.js'
import {
  createPythonEngine,
  defaultInterpreter,
  loadPantherContent,
  type PantherContent,
} from '../src/detections/index.js'
import { silentLogger } from '../src/platform/telemetry/index.js'
import { cloudTrailRecords } from './generators/cloudtrail.js'
import type { BenchLine } from './harness.js'

const ruleCount = 50
const eventCount = 20_000
const batchSize = 500
const names = ['CreateUser', 'Invoke', 'PutObject', 'DescribeInstances', 'AssumeRole', 'GetObject']
const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2']
const users = ['alice', 'bob', 'carol', 'deploy-bot', 'ci-runner', 'dave']

/**
 * Rule `i`: an action by one user in one region, with a title and dedup, so about 1% of events
 * match one of the 50 rules — detections fire rarely, and the cost measured is mostly the calls.
 */
function ruleFile(i: number): string {
  const constant = (list: readonly string[], at: number): string =>
    JSON.stringify(list[at % list.length])
  return `NAME = ${constant(names, i)}
REGION = ${constant(regions, Math.floor(i / names.length))}
USER = ${constant(users, i * 7)}


def rule(event):
    if event.get("eventName") != NAME or event.get("awsRegion") != REGION:
        return False
    return event.get("userIdentity", {}).get("userName") == USER


def title(event):
    return f"{event.get('eventName')} by {event.get('userIdentity', {}).get('arn')}"


def dedup(event):
    return str(event.get("recipientAccountId"))
`
}

/**
 * The baseline, as a process that runs one timed pass per `go` line on stdin: json.loads each
 * line, then call rule (and title/dedup on a match) directly on the plain dict.
 */
const bareLoop = `
import importlib.util, json, sys, time
rules = []
for path in sys.argv[2:]:
    spec = importlib.util.spec_from_file_location(path, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    rules.append(mod)
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
for _ in sys.stdin:
    started = time.perf_counter()
    matches = 0
    for line in lines:
        event = json.loads(line)
        for r in rules:
            if r.rule(event):
                r.title(event)
                r.dedup(event)
                matches += 1
    rate = len(lines) / (time.perf_counter() - started)
    print(json.dumps({"rate": rate, "matches": matches}), flush=True)
`

/** Timed passes alternate between the engine and the bare loop, so load swings hit both. */
const rounds = 5

/** Runs the benchmark (tens of seconds on a small machine). */
export async function run(): Promise<BenchLine[]> {
  const dir = await mkdtemp(join(tmpdir(), 'caracal-bench-python-'))
  try {
    const files: string[] = []
    for (let i = 0; i < ruleCount; i++) {
      const file = join(dir, `rule_${String(i)}.py`)
      files.push(file)
      await writeFile(file, ruleFile(i))
      await writeFile(
        join(dir, `rule_${String(i)}.yml`),
        `AnalysisType: rule\nRuleID: Bench.Python.${String(i)}\nEnabled: true\nFilename: rule_${String(i)}.py\nLogTypes: [AWS.CloudTrail]\nSeverity: Low\n`,
      )
    }
    const events: EventRecord[] = cloudTrailRecords(eventCount, 7).map((record) => ({
      ...record,
      p_log_type: 'AWS.CloudTrail',
    }))
    const eventsFile = join(dir, 'events.ndjson')
    await writeFile(eventsFile, events.map((e) => JSON.stringify(e)).join('\n'))
    const content = await loadPantherContent([dir])
    if (content.errors.length > 0) throw new Error(JSON.stringify(content.errors))
    const bare = startBareLoop(eventsFile, files)
    const engine = await startEngine(content, events)
    try {
      const engineRates: number[] = []
      const bareRates: number[] = []
      // The first pass of each warms up (imports, caches) and is not timed.
      let engineMatches = await engine.pass()
      let bareMatches = (await bare.pass()).matches
      for (let i = 0; i < rounds; i++) {
        const started = performance.now()
        engineMatches = await engine.pass()
        engineRates.push(eventCount / ((performance.now() - started) / 1000))
        const measured = await bare.pass()
        bareRates.push(measured.rate)
        bareMatches = measured.matches
      }
      // Both sides must do the same work for the ratio to mean anything.
      if (engineMatches !== bareMatches || bareMatches === 0) {
        throw new Error(
          `match counts differ: engine ${String(engineMatches)}, bare ${String(bareMatches)}`,
        )
      }
      return [
        {
          name: `detect.python.engine (1 worker, ${String(ruleCount)} rules, ${String(bareMatches)} matches / ${String(eventCount)} events)`,
          value: Math.round(median(engineRates)),
          unit: 'events/s',
          baseline: {
            name: 'bare CPython loop (json.loads + calls)',
            value: Math.round(median(bareRates)),
            unit: 'events/s',
          },
        },
      ]
    } finally {
      bare.close()
      await engine.close()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

function startBareLoop(eventsFile: string, files: string[]) {
  const child = spawn(defaultInterpreter(), ['-c', bareLoop, eventsFile, ...files], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  return {
    async pass(): Promise<{ rate: number; matches: number }> {
      child.stdin.write('go\n')
      const line = await lines.next()
      if (line.done === true) throw new Error('the bare loop exited')
      return JSON.parse(line.value) as { rate: number; matches: number }
    },
    close(): void {
      child.stdin.end()
    },
  }
}

async function startEngine(content: PantherContent, events: EventRecord[]) {
  const noMetrics = { eventsIn() {}, eventsOut() {}, errors() {}, queueDepth() {}, latency() {} }
  const engine = await createPythonEngine({
    ...content,
    workers: 1,
    timeoutMs: 5000,
    logger: silentLogger(),
    metrics: noMetrics,
  })
  const batches = Array.from({ length: eventCount / batchSize }, (_, i) =>
    events.slice(i * batchSize, (i + 1) * batchSize),
  )
  return {
    /** One pass over every batch, two in flight so Node encodes one while Python runs one. */
    async pass(): Promise<number> {
      let matches = 0
      let next = 0
      const lane = async (): Promise<void> => {
        for (let i = next++; i < batches.length; i = next++) {
          const result = await engine.evaluate('AWS.CloudTrail', batches[i] ?? [])
          matches += result.matches.length
        }
      }
      await Promise.all([lane(), lane()])
      return matches
    },
    close: () => engine.close(),
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}
