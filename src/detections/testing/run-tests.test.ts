import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../platform/telemetry/index.js'
import { loadDetections } from '../loader.js'
import { loadPantherContent } from '../panther/index.js'
import { RecordingMetrics } from '../runtimes/typescript/fixtures/engine-fixtures.js'
import { parseFilters, runDetectionTests, type TestSelection } from './index.js'

const passing = fileURLToPath(
  new URL('../../../test/fixtures/caracal-test/passing/', import.meta.url),
)

async function testIn(dirs: string[], selection: Partial<TestSelection> = {}, timeoutMs = 2000) {
  const [typescript, panther] = await Promise.all([loadDetections(dirs), loadPantherContent(dirs)])
  return runDetectionTests(
    { typescript, panther },
    {
      filters: [],
      minTests: 0,
      ...selection,
      workers: 2,
      timeoutMs,
      logger: silentLogger(),
      metrics: new RecordingMetrics(),
    },
  )
}

let scratch: string | undefined
afterEach(async () => {
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true })
  scratch = undefined
})

describe('runDetectionTests', () => {
  it('returns one structured result per test across both runtimes', async () => {
    const report = await testIn([passing])
    expect(report.loadErrors).toEqual([])
    expect(report.detections.map((d) => [d.detectionId, d.runtime, d.results.length])).toEqual([
      ['CaracalTest.BucketEncrypted', 'python', 1],
      ['CaracalTest.DefaultSeverity', 'python', 2],
      ['CaracalTest.Disabled', 'python', 1],
      ['CaracalTest.Mocked', 'python', 3],
      ['CaracalTest.TypeScript', 'typescript', 2],
    ])
    expect([report.passed, report.failed, report.skipped]).toEqual([9, 0, 0])
    const ts = report.detections.find((d) => d.runtime === 'typescript')
    expect(ts?.results[0]).toMatchObject({
      testName: 'sign-in abroad',
      outcome: 'pass',
      expected: true,
      matched: true,
      functions: { rule: { output: true }, title: { output: 'Sign-in from Peru' } },
    })
  })

  it('ANDs filters, and adds a failed result for too few tests', async () => {
    const report = await testIn([passing], {
      filters: ['Runtime=python', 'severity=MEDIUM,low'],
      minTests: 2,
    })
    expect(report.detections.map((d) => d.detectionId)).toEqual([
      'CaracalTest.BucketEncrypted',
      'CaracalTest.DefaultSeverity',
      'CaracalTest.Disabled',
    ])
    const disabled = report.detections.find((d) => d.detectionId === 'CaracalTest.Disabled')
    expect(disabled?.results.at(-1)).toMatchObject({
      testName: null,
      outcome: 'fail',
      reason: 'has 1 test, fewer than --min-tests 2',
    })
  })

  it('reports a looping rule as an error and goes on with the next test', async () => {
    scratch = await mkdtemp(join(tmpdir(), 'caracal-testing-'))
    await writeFile(
      join(scratch, 'loop.py'),
      'def rule(event):\n    while event.get("spin"):\n        pass\n    return True\n',
    )
    await writeFile(
      join(scratch, 'loop.yml'),
      'AnalysisType: rule\nRuleID: Loop\nEnabled: true\nFilename: loop.py\nLogTypes: [L]\n' +
        'Severity: Low\nTests:\n  - Name: spins\n    ExpectedResult: true\n    Log: { spin: true }\n' +
        '  - Name: returns\n    ExpectedResult: true\n    Log: {}\n',
    )
    const report = await testIn([scratch], {}, 300)
    expect(report.detections[0]?.results.map((r) => [r.outcome, r.reason])).toEqual([
      ['error', 'ran longer than 300 ms'],
      ['pass', ''],
    ])
  })

  it('rejects unknown filter keys and filters without =', () => {
    expect(() => parseFilters(['Colour=red'])).toThrow(/Invalid filter 'Colour=red'/)
    expect(() => parseFilters(['Severity'])).toThrow(/expected Key=value/)
    expect(parseFilters(['LogTypes=AWS.CloudTrail, Okta.SystemLog'])).toEqual([
      { key: 'LogTypes', values: ['aws.cloudtrail', 'okta.systemlog'] },
    ])
  })
})
