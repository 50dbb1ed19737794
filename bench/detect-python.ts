/**
 * Throughput of the Python detection engine (one worker process, 50 generated Panther-format rules
 * of realistic shape, see `generators/python-rules.ts`) against a bare CPython loop calling the
 * same rule functions on plain dicts from `json.loads`, in the same run: the difference is what
 * the engine adds (pipes, the immutable case-insensitive event, per-call markers, result checks).
 * Seeded CloudTrail-like events, batches of 500.
 */
import { spawn, spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
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
import { helperFile, pythonRuleFiles } from './generators/python-rules.js'
import { enginePasses, type BenchLine } from './harness.js'

const ruleCount = 50
const eventCount = 20_000
const batchSize = 500

/**
 * The baseline, as a process that runs one timed pass per `go` line on stdin: json.loads each
 * line, then call rule() (and the alert functions a rule defines, on a match) directly on the
 * plain dict. argv: events file, content directory (for the helper import), rule files.
 */
const bareLoop = `
import importlib.util, json, sys, time
sys.path.insert(0, sys.argv[2])
rules = []
for path in sys.argv[3:]:
    spec = importlib.util.spec_from_file_location(path, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    alert = tuple(getattr(mod, n) for n in ("title", "dedup", "alert_context") if hasattr(mod, n))
    rules.append((mod.rule, alert))
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
for _ in sys.stdin:
    started, cpu = time.perf_counter(), time.process_time()
    matches = 0
    for line in lines:
        event = json.loads(line)
        for rule, alert in rules:
            if rule(event) is True:
                for fn in alert:
                    fn(event)
                matches += 1
    rate = len(lines) / (time.perf_counter() - started)
    cpu_rate = len(lines) / (time.process_time() - cpu)
    print(json.dumps({"rate": rate, "cpuRate": cpu_rate, "matches": matches}), flush=True)
`

/**
 * Timed passes alternate between the engine and the bare loop, so load swings hit both; each side
 * reports its fastest pass, the one least slowed by other processes on a shared machine.
 */
const rounds = 7

/** Runs the benchmark (tens of seconds on a small machine). */
export async function run(): Promise<BenchLine[]> {
  const dir = await mkdtemp(join(tmpdir(), 'caracal-bench-python-'))
  try {
    const files: string[] = []
    for (const file of [helperFile, ...pythonRuleFiles(ruleCount)]) {
      await writeFile(join(dir, `${file.name}.py`), file.code)
      await writeFile(join(dir, `${file.name}.yml`), file.yml)
      if (file !== helperFile) files.push(join(dir, `${file.name}.py`))
    }
    const events: EventRecord[] = cloudTrailRecords(eventCount, 7).map((record) => ({
      ...record,
      p_log_type: 'AWS.CloudTrail',
    }))
    const eventsFile = join(dir, 'events.ndjson')
    await writeFile(eventsFile, events.map((e) => JSON.stringify(e)).join('\n'))
    const content = await loadPantherContent([dir])
    if (content.errors.length > 0) throw new Error(JSON.stringify(content.errors))
    const bare = startBareLoop(eventsFile, dir, files)
    const engine = await startEngine(content, events)
    try {
      const engineRates: number[] = []
      const bareRates: number[] = []
      const engineCpuRates: number[] = []
      const bareCpuRates: number[] = []
      // The first pass of each warms up (imports, caches) and is not timed.
      let engineMatches = await engine.pass()
      let bareMatches = (await bare.pass()).matches
      for (let i = 0; i < rounds; i++) {
        const started = performance.now()
        const cpu = workerCpuSeconds()
        engineMatches = await engine.pass()
        engineRates.push(eventCount / ((performance.now() - started) / 1000))
        if (cpu !== undefined) engineCpuRates.push(eventCount / ((workerCpuSeconds() ?? 0) - cpu))
        const measured = await bare.pass()
        bareRates.push(measured.rate)
        bareCpuRates.push(measured.cpuRate)
        bareMatches = measured.matches
      }
      // Both sides must do the same work for the ratio to mean anything.
      if (engineMatches !== bareMatches || bareMatches === 0) {
        throw new Error(
          `match counts differ: engine ${String(engineMatches)}, bare ${String(bareMatches)}`,
        )
      }
      const lines: BenchLine[] = [
        {
          name: `detect.python.engine (1 worker, ${String(ruleCount)} rules, ${String(bareMatches)} matches / ${String(eventCount)} events)`,
          value: Math.round(Math.max(...engineRates)),
          unit: 'events/s',
          baseline: {
            name: 'bare CPython loop (json.loads + calls)',
            value: Math.round(Math.max(...bareRates)),
            unit: 'events/s',
          },
        },
      ]
      // Per CPU-second of each Python process: what the engine costs, undisturbed by load.
      if (engineCpuRates.length > 0) {
        lines.push({
          name: 'detect.python.engine per worker CPU-second',
          value: Math.round(Math.max(...engineCpuRates)),
          unit: 'events/s',
          baseline: {
            name: 'bare loop per CPU-second',
            value: Math.round(Math.max(...bareCpuRates)),
            unit: 'events/s',
          },
        })
      }
      return lines
    } finally {
      bare.close()
      await engine.close()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

function startBareLoop(eventsFile: string, dir: string, files: string[]) {
  const child = spawn(defaultInterpreter(), ['-c', bareLoop, eventsFile, dir, ...files], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  return {
    async pass(): Promise<{ rate: number; cpuRate: number; matches: number }> {
      child.stdin.write('go\n')
      const line = await lines.next()
      if (line.done === true) throw new Error('the bare loop exited')
      return JSON.parse(line.value) as { rate: number; cpuRate: number; matches: number }
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
  return {
    /** One pass over every batch, two in flight. */
    pass: enginePasses(engine, events, batchSize),
    close: () => engine.close(),
  }
}

/**
 * User + system CPU seconds of this process's Python detection worker, from `/proc` (Linux);
 * undefined elsewhere, and the CPU-time line is then left out.
 */
function workerCpuSeconds(): number | undefined {
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      // Fields after the parenthesized command: state, ppid, … utime (12th), stime (13th).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (fields[1] !== String(process.pid)) continue
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('caracal_runtime.worker')) continue
      return (Number(fields[11]) + Number(fields[12])) / clockTicks
    }
  } catch {
    return undefined
  }
  return undefined
}

/** Clock ticks per second of `/proc` CPU times. */
const clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100
