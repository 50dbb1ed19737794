import { InvalidArgumentError, Option, type Command } from 'commander'
import type { TestCaseResult, TestReport } from '../../detections/index.js'
import type { CliOutput, CliRuntime, GlobalOptions } from '../runtime.js'

/** `caracal test`: the unit tests of Python (Panther) and TypeScript detections. */
export function registerTest(program: Command, runtime: CliRuntime, output: CliOutput): void {
  program
    .command('test')
    .description('Run the unit tests of detections (default: the configured detection folders)')
    .argument('[paths...]', 'detection folders or files to test')
    .option('--filter <key=value>', 'only detections matching, e.g. Severity=High', collect, [])
    .option('--min-tests <n>', 'fail detections with fewer tests', count, 0)
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'jsonl']).default('text'),
    )
    .action(
      async (
        paths: string[],
        flags: { filter: string[]; minTests: number; format: 'text' | 'jsonl' },
        command: Command,
      ) => {
        const report = await runtime.testDetections(paths, {
          ...command.optsWithGlobals<GlobalOptions>(),
          filters: flags.filter,
          minTests: flags.minTests,
        })
        for (const problem of report.loadErrors) {
          output.err(`${problem.file}: ${problem.message}\n`)
        }
        output.out(flags.format === 'jsonl' ? formatJsonl(report) : formatText(report))
        if (report.failed > 0 || report.loadErrors.length > 0) process.exitCode = 1
      },
    )
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}

function count(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number ≥ 0')
  return n
}

/** One JSON object per test, with snake_case keys for CI systems. */
export function formatJsonl(report: TestReport): string {
  return report.detections
    .flatMap((d) => d.results)
    .map(
      (r) =>
        `${JSON.stringify({
          detection_id: r.detectionId,
          test_name: r.testName,
          outcome: r.outcome,
          expected: r.expected,
          matched: r.matched,
          functions: r.functions,
          reason: r.reason,
        })}\n`,
    )
    .join('')
}

const label = { pass: 'PASS', fail: 'FAIL', error: 'FAIL', skip: 'SKIP' } as const

/**
 * Panther's layout: a header per detection, `[PASS]`/`[FAIL]` per test, each function's output
 * or error under a failed test, a summary of the failures, and `N passed, N failed`.
 */
export function formatText(report: TestReport): string {
  const lines: string[] = []
  for (const detection of report.detections) {
    if (detection.results.length === 0) continue
    lines.push(detection.detectionId)
    for (const result of detection.results) lines.push(...formatResult(result))
    lines.push('')
  }
  const failed = report.detections
    .map((d) => ({ id: d.detectionId, tests: d.results.filter(isFailure) }))
    .filter((d) => d.tests.length > 0)
  if (failed.length > 0) {
    lines.push('Failed Tests Summary')
    for (const d of failed) {
      lines.push(`\t${d.id}`)
      for (const t of d.tests) lines.push(`\t\t${t.testName ?? '(min-tests)'}: ${t.reason}`)
    }
    lines.push('')
  }
  const skipped = report.skipped > 0 ? `, ${String(report.skipped)} skipped` : ''
  lines.push(`${String(report.passed)} passed, ${String(report.failed)} failed${skipped}`)
  return `${lines.join('\n')}\n`
}

function formatResult(result: TestCaseResult): string[] {
  const name = result.testName ?? `(min-tests) ${result.reason}`
  const lines = [`\t[${label[result.outcome]}] ${name}`]
  if (result.outcome === 'skip') lines.push(`\t\t${result.reason}`)
  if (!isFailure(result) || result.testName === null) return lines
  if (result.reason !== '') lines.push(`\t\t${result.reason}`)
  for (const [fn, outcome] of Object.entries(result.functions)) {
    if (outcome.error !== undefined) lines.push(`\t\t[FAIL] [${fn}] ${outcome.error}`)
    else lines.push(`\t\t[PASS] [${fn}] ${formatOutput(outcome.output)}`)
  }
  return lines
}

/** Function outputs as JSON, so a string and a number that look alike are told apart. */
function formatOutput(output: unknown): string {
  return output === undefined ? 'undefined' : JSON.stringify(output)
}

function isFailure(result: TestCaseResult): boolean {
  return result.outcome === 'fail' || result.outcome === 'error'
}
