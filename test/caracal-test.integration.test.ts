import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from './helpers/temp-dir.js'
import { runCli } from './helpers/cli.js'

const root = new URL('..', import.meta.url).pathname
const fixtures = join(root, 'test/fixtures/caracal-test')
const passing = join(fixtures, 'passing')
const failing = join(fixtures, 'failing')

const caracal = (args: string[]) => runCli(args, { env: { CARACAL_DETECTIONS__WORKERS: '2' } })

interface JsonlResult {
  detection_id: string
  test_name: string | null
  outcome: string
  expected: boolean | null
  matched: unknown
  functions: Record<string, { output?: unknown; error?: string }>
  reason: string
}

function jsonl(stdout: string): JsonlResult[] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as JsonlResult)
}

function lines(stdout: string): string[] {
  return stdout.split('\n')
}

describe('caracal test', () => {
  const dir = tempDir('caracal-test')
  afterAll(() => {
    dir.remove()
  })

  it('passes the shipped detections with no arguments', async () => {
    const { code, stdout } = await caracal(['test'])
    expect(lines(stdout)).toContain('AWS.Root.Activity')
    expect(lines(stdout)).toContain('\t[PASS] Root creates an access key')
    expect(lines(stdout).at(-2)).toMatch(/^[1-9]\d* passed, 0 failed$/)
    expect(code).toBe(0)
  })

  it('runs Python tests with mocks, DEFAULT severity, disabled rules, TS tests and policies', async () => {
    const { code, stdout } = await caracal(['test', passing])
    const out = lines(stdout)
    for (const line of [
      'CaracalTest.Mocked',
      '\t[PASS] VIP with many failures',
      '\t[PASS] VIP with few failures',
      '\t[PASS] not a VIP',
      'CaracalTest.Disabled',
      '\t[PASS] disabled rules are tested too',
      'CaracalTest.TypeScript',
      '\t[PASS] sign-in abroad',
      '\t[PASS] sign-in at home',
      '\t[PASS] encrypted bucket',
    ]) {
      expect(out).toContain(line)
    }
    expect(out.at(-2)).toBe('9 passed, 0 failed')
    expect(code).toBe(0)
  })

  it('prints one JSON object per test, with each function output', async () => {
    const { code, stdout } = await caracal(['test', passing, '--format', 'jsonl'])
    const results = jsonl(stdout)
    expect(results).toHaveLength(9)
    const byName = new Map(results.map((r) => [r.test_name, r]))
    expect(byName.get('VIP with many failures')).toEqual({
      detection_id: 'CaracalTest.Mocked',
      test_name: 'VIP with many failures',
      outcome: 'pass',
      expected: true,
      matched: true,
      // The mock is a real MagicMock, patched for the whole test (title() sees it too).
      functions: { rule: { output: true }, title: { output: 'alice failed often (MagicMock)' } },
      reason: '',
    })
    expect(byName.get('admin keeps the default severity')?.functions.severity).toEqual({
      output: 'LOW',
    })
    expect(byName.get('other actors are critical')?.functions.severity).toEqual({
      output: 'CRITICAL',
    })
    expect(byName.get('sign-in abroad')).toMatchObject({
      detection_id: 'CaracalTest.TypeScript',
      outcome: 'pass',
      functions: { title: { output: 'Sign-in from Peru' } },
    })
    // Policies are evaluated over their Resource: True is compliant.
    expect(byName.get('encrypted bucket')).toMatchObject({
      detection_id: 'CaracalTest.BucketEncrypted',
      outcome: 'pass',
      expected: true,
      matched: true,
    })
    expect(code).toBe(0)
  })

  it('fails raising functions, wrong return types and raising rules, with exit code 1', async () => {
    const { code, stdout } = await caracal(['test', failing])
    const out = lines(stdout)
    expect(out).toContain('\t[FAIL] title raises while an alert is expected')
    expect(out).toContain('\t\t[PASS] [rule] true')
    expect(
      out.some((l) => l.startsWith('\t\t[FAIL] [title] TypeError: can only concatenate')),
    ).toBe(true)
    expect(out).toContain('\t\t[FAIL] [dedup] TypeError: dedup() returned int, not str')
    expect(out).toContain('\t\t[FAIL] [rule] TypeError: rule() returned str, not bool')
    expect(out.some((l) => l.startsWith('\t\t[FAIL] [title] TypeError: Cannot read'))).toBe(true)
    expect(out).toContain('Failed Tests Summary')
    expect(out.at(-2)).toBe('0 passed, 5 failed')
    expect(code).toBe(1)

    const asJsonl = await caracal(['test', failing, '--format', 'jsonl'])
    const results = jsonl(asJsonl.stdout)
    const outcomes = Object.fromEntries(results.map((r) => [r.test_name ?? '', r.outcome]))
    expect(outcomes).toEqual({
      'title raises while an alert is expected': 'fail',
      'dedup returns a number': 'fail',
      'rule returns a string': 'fail',
      'rule raises': 'error',
      'title throws': 'fail',
    })
    const raises = results.find((r) => r.test_name === 'rule raises')
    expect(raises?.reason).toMatch(/^rule\(\) raised ValueError: exploded on purpose \(.*:2\)$/)
  })

  it('selects detections with --filter (ANDed, alternatives with commas)', async () => {
    const bySeverity = await caracal(['test', passing, '--filter', 'Severity=low,high'])
    expect(lines(bySeverity.stdout)).toContain('CaracalTest.Mocked')
    expect(lines(bySeverity.stdout)).toContain('CaracalTest.DefaultSeverity')
    expect(lines(bySeverity.stdout)).not.toContain('CaracalTest.TypeScript')
    expect(lines(bySeverity.stdout).at(-2)).toBe('5 passed, 0 failed')

    const both = await caracal([
      'test',
      passing,
      failing,
      '--filter',
      'RuleID=CaracalTest.Disabled',
      '--filter',
      'Enabled=false',
      '--format',
      'jsonl',
    ])
    expect(jsonl(both.stdout).map((r) => r.test_name)).toEqual(['disabled rules are tested too'])
    expect(both.code).toBe(0)

    const bad = await caracal(['test', passing, '--filter', 'Colour=red'])
    expect(bad.stderr).toContain("Invalid filter 'Colour=red'")
    expect(bad.code).toBe(2)
  })

  it('fails detections with fewer tests than --min-tests', async () => {
    const { code, stdout } = await caracal(['test', passing, '--min-tests', '2'])
    expect(lines(stdout)).toContain('\t[FAIL] (min-tests) has 1 test, fewer than --min-tests 2')
    expect(lines(stdout).at(-2)).toBe('9 passed, 2 failed')
    expect(code).toBe(1)
  })

  it('fails when a copy of one test is broken, and reports files that do not load', async () => {
    const copy = join(dir.path, 'broken')
    cpSync(passing, copy, { recursive: true })
    const yml = join(copy, 'mocked.yml')
    writeFileSync(
      yml,
      readFileSync(yml, 'utf8').replace(
        '  - Name: VIP with few failures\n    ExpectedResult: false',
        '  - Name: VIP with few failures\n    ExpectedResult: true',
      ),
    )
    const broken = await caracal(['test', copy])
    expect(lines(broken.stdout)).toContain('\t[FAIL] VIP with few failures')
    expect(lines(broken.stdout)).toContain('\t\texpected true, rule() returned false')
    expect(lines(broken.stdout).at(-2)).toBe('8 passed, 1 failed')
    expect(broken.code).toBe(1)

    writeFileSync(join(copy, 'bad.yml'), 'AnalysisType: rule\nRuleID: X\n')
    const unloadable = await caracal(['test', join(copy, 'bad.yml'), join(copy, 'disabled.py')])
    expect(unloadable.stderr).toContain(`${join(copy, 'bad.yml')}: key 'Enabled'`)
    expect(lines(unloadable.stdout)).toContain('\t[PASS] disabled rules are tested too')
    expect(unloadable.code).toBe(1)
  })
})
