import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeError } from '../../core/index.js'
import { defaultInterpreter, pythonRuntimeDir } from '../runtimes/python/engine.js'
import type { PythonTestResult, WorkerDetectionSpec } from '../runtimes/python/protocol.js'
import { PythonProcess } from '../runtimes/python/python-process.js'
import { DetectionStateStore } from '../runtimes/python/state-store.js'
import type { PantherContent, PantherTest, PythonDetection } from '../types.js'
import { judge } from './judge.js'
import type { DetectionTestReport, TestCaseResult, TestRunOptions } from './types.js'

/** One test waiting for a worker. */
interface Task {
  detection: number
  test: number
}

/** Results by `key(task)`. */
type Results = Map<string, TestCaseResult>

function key(task: Task): string {
  return `${String(task.detection)}:${String(task.test)}`
}

/**
 * Runs the tests of Panther-format detections in a pool of the engine's Python worker processes,
 * one test per request so each test's mocks are patched alone. Disabled detections, scheduled
 * rules and policies (`policy(resource)` over each test's `Resource`) are tested too. Caching
 * helpers use a fresh in-memory state per run, never the server's store (Panther's test mode).
 */
export async function runPythonTests(
  content: PantherContent,
  detections: readonly PythonDetection[],
  options: TestRunOptions,
): Promise<DetectionTestReport[]> {
  const results: Results = new Map()
  const tasks: Task[] = []
  for (const [i, d] of detections.entries()) {
    for (const j of d.tests.keys()) tasks.push({ detection: i, test: j })
  }
  if (tasks.length > 0) await runTasks(content, detections, tasks, results, options)
  return detections.map((d, i) => ({
    detectionId: d.meta.id,
    runtime: 'python',
    file: d.specFile,
    results: d.tests.map(
      (test, j) =>
        results.get(key({ detection: i, test: j })) ?? failure(d, test, 'error', 'not run'),
    ),
  }))
}

async function runTasks(
  content: PantherContent,
  detections: readonly PythonDetection[],
  tasks: Task[],
  results: Results,
  options: TestRunOptions,
): Promise<void> {
  const specs: WorkerDetectionSpec[] = detections.map((d, index) => ({
    index,
    id: d.meta.id,
    name: d.meta.name,
    file: d.meta.file,
    code: d.code,
    severity: d.meta.severity,
    logTypes: d.meta.logTypes,
  }))
  const workDir = mkdtempSync(join(tmpdir(), 'caracal-test-'))
  const state = new DetectionStateStore()
  const count = Math.max(1, Math.min(options.workers, tasks.length))
  const processes = Array.from(
    { length: count },
    (_, i) =>
      new PythonProcess({
        interpreter: options.interpreter ?? defaultInterpreter(),
        pythonPath: pythonRuntimeDir(),
        workDir,
        markerFile: join(workDir, `marker-${String(i)}`),
        init: {
          memoryMb: options.memoryMb ?? 1024,
          globals: content.globals,
          dataModels: content.dataModels.filter((m) => m.enabled),
          detections: specs,
        },
        timeoutMs: options.timeoutMs,
        startTimeoutMs: Math.max(30_000, options.timeoutMs),
        onOutput: (output) => {
          options.logger.debug({ output }, 'A Python detection wrote output during a test.')
        },
        onState: (op, args) => state.apply(op, args),
      }),
  )
  const queue = [...tasks]
  const serve = async (worker: PythonProcess): Promise<void> => {
    for (let task = queue.shift(); task !== undefined; task = queue.shift()) {
      const detection = detections[task.detection] as PythonDetection
      const test = detection.tests[task.test] as PantherTest
      results.set(key(task), await runOne(worker, task, detection, test, options))
    }
  }
  try {
    await Promise.all(processes.map((p) => serve(p)))
  } finally {
    await Promise.all(processes.map((p) => p.close()))
    rmSync(workDir, { recursive: true, force: true })
  }
}

/** Runs one test, (re)starting the process first when a previous test killed it. */
async function runOne(
  worker: PythonProcess,
  task: Task,
  detection: PythonDetection,
  test: PantherTest,
  options: TestRunOptions,
): Promise<TestCaseResult> {
  try {
    if (!worker.alive) await worker.start()
  } catch (err) {
    return failure(detection, test, 'error', describeError(err))
  }
  const pLogType = (test.input as Record<string, unknown>).p_log_type
  const { outcome, result } = await worker.test({
    detection: task.detection,
    test: task.test,
    log: test.input,
    mocks: test.mocks,
    logType: typeof pLogType === 'string' ? pLogType : (detection.meta.logTypes[0] ?? ''),
  })
  if (outcome.kind === 'timeout') {
    return failure(detection, test, 'error', `ran longer than ${String(options.timeoutMs)} ms`)
  }
  if (outcome.kind !== 'done' || result === undefined) {
    const why = outcome.kind === 'done' ? 'no result' : describeError(outcomeError(outcome))
    return failure(detection, test, 'error', `the Python worker failed: ${why}`)
  }
  return fromWorker(detection, test, result)
}

function outcomeError(outcome: { kind: string; error?: unknown; reason?: unknown }): unknown {
  return outcome.error ?? outcome.reason
}

/** Turns the worker's answer into a judged result. */
function fromWorker(
  detection: PythonDetection,
  test: PantherTest,
  result: PythonTestResult,
): TestCaseResult {
  if (result.loadError !== undefined) {
    return failure(detection, test, 'error', `the detection failed to load: ${result.loadError}`)
  }
  if (result.mockError !== undefined) return failure(detection, test, 'error', result.mockError)
  return judge({
    detectionId: detection.meta.id,
    testName: test.name,
    expected: test.expectedResult,
    rule: result.rule ?? { error: 'no result for rule()' },
    functions: result.functions ?? {},
  })
}

function failure(
  detection: PythonDetection,
  test: PantherTest,
  outcome: 'error' | 'skip',
  reason: string,
): TestCaseResult {
  return {
    detectionId: detection.meta.id,
    testName: test.name,
    outcome,
    expected: test.expectedResult,
    matched: null,
    functions: {},
    reason,
  }
}
