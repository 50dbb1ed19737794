import type { FunctionResult, TestCaseResult } from './types.js'

/** What a runtime reported for one test, before it is judged. */
export interface RawTestRun {
  detectionId: string
  testName: string
  expected: boolean
  rule: FunctionResult
  /** Alert functions that ran (only when `rule()` returned true). */
  functions: Record<string, FunctionResult>
}

/**
 * Panther's verdict: the rule must return the expected bool, and when it returns true every
 * alert function must run without raising and return the right type. A rule that raises is an
 * `error` (the detection could not decide); anything else that goes wrong is a `fail`.
 */
export function judge(run: RawTestRun): TestCaseResult {
  const functions = { rule: run.rule, ...run.functions }
  const base = {
    detectionId: run.detectionId,
    testName: run.testName,
    expected: run.expected,
    matched: run.rule.output ?? null,
    functions,
  }
  if (run.rule.error !== undefined) {
    const raised = run.rule.output === undefined
    return {
      ...base,
      outcome: raised ? 'error' : 'fail',
      reason: raised ? `rule() raised ${run.rule.error}` : run.rule.error,
    }
  }
  if (run.rule.output !== run.expected) {
    return {
      ...base,
      outcome: 'fail',
      reason: `expected ${String(run.expected)}, rule() returned ${String(run.rule.output)}`,
    }
  }
  const broken = Object.entries(run.functions).filter(([, r]) => r.error !== undefined)
  if (broken.length > 0) {
    return {
      ...base,
      outcome: 'fail',
      reason: broken.map(([name, r]) => `${name}() failed: ${r.error ?? ''}`).join('; '),
    }
  }
  return { ...base, outcome: 'pass', reason: '' }
}
