import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DetectionEngine } from '../../../core/index.js'
import { silentLogger } from '../../../platform/telemetry/index.js'
import { createPythonEngine, loadPantherContent } from '../../index.js'

/** Rules that attack their worker: crash it, eat memory, fail to import, read the environment. */
const rules: Record<string, string> = {
  crash: `import os


def rule(event):
    if event.get("x") == "crash":
        os._exit(3)
    return event.get("x") == "after-crash"
`,
  memory: `def rule(event):
    if event.get("x") == "mem":
        blob = bytearray(2 * 1024 * 1024 * 1024)
        return len(blob) > 0
    return False
`,
  import_error: `import caracal_module_that_does_not_exist


def rule(event):
    return True
`,
  libs: `import boto3  # noqa: F401 - importable, never called
import dateutil.parser
import pycountry
import requests  # noqa: F401


def rule(event):
    france = pycountry.countries.get(alpha_2="FR").name == "France"
    return france and dateutil.parser.isoparse("2024-01-01T00:00:00Z").year == 2024


def alert_context(event):
    import os

    return {"env": sorted(os.environ)}
`,
}

const noMetrics = { eventsIn() {}, eventsOut() {}, errors() {}, queueDepth() {}, latency() {} }
let dir: string
let engine: DetectionEngine
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caracal-python-isolation-'))
  for (const [name, code] of Object.entries(rules)) {
    await writeFile(join(dir, `${name}.py`), code)
    await writeFile(
      join(dir, `${name}.yml`),
      `AnalysisType: rule\nRuleID: Iso.${name}\nEnabled: true\nFilename: ${name}.py\nLogTypes: [L]\nSeverity: Low\n`,
    )
  }
  const content = await loadPantherContent([dir])
  expect(content.errors).toEqual([])
  process.env.CARACAL_TEST_SECRET = 'must-not-leak'
  engine = await createPythonEngine({
    ...content,
    workers: 1,
    timeoutMs: 2000,
    memoryMb: 512,
    logger: silentLogger(),
    metrics: noMetrics,
  })
}, 60_000)
afterAll(async () => {
  delete process.env.CARACAL_TEST_SECRET
  await engine.close()
  await rm(dir, { recursive: true, force: true })
})

describe('Python engine isolation', () => {
  it('records a worker crash against the rule and evaluates the rest of the batch', async () => {
    const events = [{ x: 'crash' }, { x: 'after-crash' }]
    const result = await engine.evaluate('L', events)
    const crash = result.errors.filter((e) => e.ruleId === 'Iso.crash')
    expect(crash).toHaveLength(1)
    expect(crash[0]).toMatchObject({ errorType: 'WorkerCrashed', functionName: 'rule' })
    expect(crash[0]?.event).toBe(events[0])
    const crashMatches = result.matches.filter((m) => m.ruleId === 'Iso.crash')
    expect(crashMatches.map((m) => m.event)).toEqual([events[1]])
  })

  it('turns an allocation over the memory limit into a MemoryError rule error', async () => {
    const { errors } = await engine.evaluate('L', [{ x: 'mem' }])
    expect(errors.find((e) => e.ruleId === 'Iso.memory')).toMatchObject({
      errorType: 'MemoryError',
    })
  })

  it('makes every event of a rule that failed to import a rule error', async () => {
    const { errors } = await engine.evaluate('L', [{ x: 1 }, { x: 2 }])
    const failed = errors.filter((e) => e.ruleId === 'Iso.import_error')
    expect(failed).toHaveLength(2)
    expect(failed[0]?.errorType).toBe('ModuleNotFoundError')
    expect(failed[0]?.message).toMatch(/^importing the detection failed: .*import_error\.py:1\)$/)
  })

  it('imports the third-party modules content uses, in a clean environment', async () => {
    const { matches } = await engine.evaluate('L', [{ x: 'libs' }])
    const libs = matches.find((m) => m.ruleId === 'Iso.libs')
    const env = (libs?.alertContext.env ?? []) as string[]
    expect(env).not.toContain('CARACAL_TEST_SECRET')
    expect(env).toContain('PYTHONPATH')
  })
})
