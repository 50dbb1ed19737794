import {
  describeError,
  type DetectionEngine,
  type DetectionResult,
  type EventRecord,
} from '../../core/index.js'
import { createTypeScriptEngine } from '../runtimes/typescript/engine.js'
import type { DetectionTest, LoadedDetection } from '../types.js'
import { judge } from './judge.js'
import type {
  DetectionTestReport,
  FunctionResult,
  TestCaseResult,
  TestRunOptions,
} from './types.js'

/**
 * Runs the inline `tests` of TypeScript detections through the TypeScript engine's worker pool.
 * Each detection is loaded enabled under a log type of its own, so one `evaluate` call runs only
 * that detection on its test events, and detections are evaluated in parallel across workers.
 */
export async function runTypeScriptTests(
  detections: readonly LoadedDetection[],
  options: Pick<TestRunOptions, 'workers' | 'timeoutMs' | 'logger' | 'metrics'>,
): Promise<DetectionTestReport[]> {
  const withTests = detections.filter((d) => d.tests.length > 0)
  let engine: DetectionEngine | undefined
  let startError: unknown
  if (withTests.length > 0) {
    try {
      engine = await createTypeScriptEngine({
        workers: options.workers,
        timeoutMs: options.timeoutMs,
        logger: options.logger,
        metrics: options.metrics,
        detections: detections.map((d, i) => ({
          ...d,
          meta: { ...d.meta, enabled: true, logTypes: [testLogType(i)] },
        })),
      })
    } catch (err) {
      startError = err
    }
  }
  try {
    return await Promise.all(
      detections.map(async (d, i) => ({
        detectionId: d.meta.id,
        runtime: 'typescript' as const,
        file: d.meta.file,
        results: await testOne(engine, startError, d, i),
      })),
    )
  } finally {
    await engine?.close()
  }
}

/** The private log type detection `index` is loaded under while its tests run. */
function testLogType(index: number): string {
  return `caracal-test:${String(index)}`
}

async function testOne(
  engine: DetectionEngine | undefined,
  startError: unknown,
  detection: LoadedDetection,
  index: number,
): Promise<TestCaseResult[]> {
  if (detection.tests.length === 0) return []
  const events = detection.tests.map((t) => t.event)
  let result: DetectionResult
  try {
    if (engine === undefined) throw startError
    result = await engine.evaluate(testLogType(index), events)
  } catch (err) {
    return detection.tests.map((test) => errored(detection, test, describeError(err)))
  }
  return detection.tests.map((test, k) => toResult(detection, test, events[k], result))
}

/** Reads one test event's match and errors out of the batch result. */
function toResult(
  detection: LoadedDetection,
  test: DetectionTest,
  event: EventRecord | undefined,
  result: DetectionResult,
): TestCaseResult {
  const match = result.matches.find((m) => m.event === event)
  const errors = new Map(
    result.errors
      .filter((e) => e.event === event)
      .map((e) => [e.functionName, `${e.errorType}: ${e.message}`]),
  )
  const ruleError = errors.get('rule')
  errors.delete('rule')
  let rule: FunctionResult = { output: match !== undefined }
  if (ruleError !== undefined) {
    // A wrong return type is the detection's answer being wrong (fail), not a crash (error).
    rule = ruleError.startsWith('TypeError: rule() must return a boolean')
      ? { output: null, error: ruleError }
      : { error: ruleError }
  }
  const functions: Record<string, FunctionResult> = {}
  if (match !== undefined) {
    const outputs: Record<string, unknown> = {
      title: match.title,
      dedup: match.dedup,
      alertContext: match.alertContext,
      dynamicSeverity: match.severity,
      destinations: match.destinations ?? null,
    }
    for (const [name, output] of Object.entries(outputs)) {
      const error = errors.get(name)
      functions[name] = error === undefined ? { output } : { error }
    }
  }
  return judge({
    detectionId: detection.meta.id,
    testName: test.name,
    expected: test.expect,
    rule,
    functions,
  })
}

function errored(detection: LoadedDetection, test: DetectionTest, reason: string): TestCaseResult {
  return {
    detectionId: detection.meta.id,
    testName: test.name,
    outcome: 'error',
    expected: test.expect,
    matched: null,
    functions: {},
    reason,
  }
}
