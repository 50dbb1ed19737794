/** `caracal test`: runs detections' unit tests in both runtimes and returns structured results. */
export { runDetectionTests, type TestContent } from './run-tests.js'
export { parseFilters } from './filters.js'
export type {
  DetectionTestReport,
  FunctionResult,
  TestCaseResult,
  TestOutcome,
  TestReport,
  TestRunOptions,
  TestSelection,
} from './types.js'
