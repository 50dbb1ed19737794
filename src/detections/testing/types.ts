import type { Logger, Metrics } from '../../core/index.js'

/** How one unit test ended: `error` when the detection could not run (raised, import, timeout). */
export type TestOutcome = 'pass' | 'fail' | 'error' | 'skip'

/** One function's result in a test: its output, its error, or both (a wrong return type). */
export interface FunctionResult {
  output?: unknown
  error?: string
}

/** The result of one unit test, or of a detection-level check (`testName` null: `--min-tests`). */
export interface TestCaseResult {
  detectionId: string
  testName: string | null
  outcome: TestOutcome
  /** The test's `ExpectedResult` / `expect`. */
  expected: boolean | null
  /** What `rule()` returned; null when it raised or did not run. */
  matched: unknown
  /** Each function that ran, by name (`rule`, `title`, `dedup`, …). */
  functions: Record<string, FunctionResult>
  /** Why the test did not pass; empty when it did. */
  reason: string
}

/** The tests of one detection, in file order. */
export interface DetectionTestReport {
  detectionId: string
  runtime: 'typescript' | 'python'
  /** The file the detection was declared in (YAML for Panther content). */
  file: string
  results: TestCaseResult[]
}

/** Everything `caracal test` found: per-detection results and the files that did not load. */
export interface TestReport {
  detections: DetectionTestReport[]
  loadErrors: { file: string; message: string }[]
  passed: number
  failed: number
  skipped: number
}

/** What to test and how: Panther's `--filter` pairs and `--min-tests`. */
export interface TestSelection {
  /** `Key=value` filters (Panther keys), ANDed; a value may list alternatives: `Severity=High,Critical`. */
  filters: readonly string[]
  /** Detections with fewer tests than this fail. Default 0. */
  minTests: number
}

/** How to run tests: the engines' settings. */
export interface TestRunOptions extends TestSelection {
  workers: number
  timeoutMs: number
  interpreter?: string
  memoryMb?: number
  logger: Logger
  metrics: Metrics
}
