import type { AnyDetection, LoadResult, PantherContent } from '../types.js'
import { matchesFilters, parseFilters } from './filters.js'
import { runPythonTests } from './python-tests.js'
import { runTypeScriptTests } from './typescript-tests.js'
import type { DetectionTestReport, TestReport, TestRunOptions } from './types.js'

/** Detections as the two loaders found them. */
export interface TestContent {
  typescript: LoadResult
  panther: PantherContent
}

/**
 * Runs the unit tests of every detection the filters select — enabled or not — in both
 * runtimes at once, and returns one result per test (plus a `--min-tests` verdict per detection
 * that has too few). Throws only for invalid filters; everything else is a result.
 */
export async function runDetectionTests(
  content: TestContent,
  options: TestRunOptions,
): Promise<TestReport> {
  const filters = parseFilters(options.filters)
  const selected = (d: AnyDetection) => matchesFilters(d, filters)
  const typescript = content.typescript.detections.filter(selected)
  const python = content.panther.detections.filter(selected)
  const [tsReports, pyReports] = await Promise.all([
    runTypeScriptTests(typescript, options),
    runPythonTests(content.panther, python, options),
  ])
  const detections = [...tsReports, ...pyReports].sort((a, b) =>
    a.detectionId.localeCompare(b.detectionId),
  )
  for (const report of detections) checkMinTests(report, options.minTests)
  const results = detections.flatMap((d) => d.results)
  return {
    detections,
    loadErrors: loadErrors(content),
    passed: results.filter((r) => r.outcome === 'pass').length,
    failed: results.filter((r) => r.outcome === 'fail' || r.outcome === 'error').length,
    skipped: results.filter((r) => r.outcome === 'skip').length,
  }
}

/** Adds a failed detection-level result when a detection has fewer tests than required. */
function checkMinTests(report: DetectionTestReport, minTests: number): void {
  const count = report.results.filter((r) => r.testName !== null).length
  if (count >= minTests) return
  report.results.push({
    detectionId: report.detectionId,
    testName: null,
    outcome: 'fail',
    expected: null,
    matched: null,
    functions: {},
    reason: `has ${String(count)} test${count === 1 ? '' : 's'}, fewer than --min-tests ${String(minTests)}`,
  })
}

/** Both loaders walk the same folders: an unreadable folder is reported once. */
function loadErrors(content: TestContent): TestReport['loadErrors'] {
  const seen = new Set(content.typescript.errors.map((e) => `${e.file}\0${e.message}`))
  return [
    ...content.typescript.errors,
    ...content.panther.errors.filter(
      (e) =>
        !(e.message.startsWith('cannot read the directory') || seen.has(`${e.file}\0${e.message}`)),
    ),
  ]
}
