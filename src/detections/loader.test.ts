import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadDetections } from './index.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caracal-loader-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function write(files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true })
    await writeFile(join(dir, name), text)
  }
}

const rule = (body: string): string => `import { defineRule } from 'caracal/sdk'
export default defineRule(${body})
`

describe('loadDetections', () => {
  it('loads a detection with its defaults, version and tests', async () => {
    await write({
      'a-good.ts': rule(`{
        id: 'Test.Good',
        logTypes: ['AWS.CloudTrail'],
        severity: 'LOW',
        tags: ['t1'],
        reports: { 'MITRE ATT&CK': ['TA0001:T1078'] },
        tests: [{ name: 'root', expect: true, event: { userIdentity: { type: 'Root' } } }],
        rule: (e) => e.eventName === 'x',
      }`),
    })
    const { detections, errors } = await loadDetections([dir])
    expect(errors).toEqual([])
    expect(detections).toHaveLength(1)
    const [d] = detections
    expect(d?.meta).toEqual({
      id: 'Test.Good',
      name: 'Test.Good',
      version: expect.stringMatching(/^[0-9a-f]{12}$/) as unknown,
      logTypes: ['AWS.CloudTrail'],
      severity: 'LOW',
      description: '',
      reference: '',
      runbook: '',
      tags: ['t1'],
      reports: { 'MITRE ATT&CK': ['TA0001:T1078'] },
      dedupPeriodMinutes: 60,
      threshold: 1,
      outputIds: [],
      enabled: true,
      file: join(dir, 'a-good.ts'),
    })
    expect(d?.tests).toEqual([
      { name: 'root', expect: true, event: { userIdentity: { type: 'Root' } } },
    ])
    // The SDK is bundled in, not left as an import the worker could not resolve.
    expect(d?.code).not.toContain('caracal/sdk')
  })

  it('changes the version when the code changes and keeps it when it does not', async () => {
    const body = (sev: string) =>
      rule(`{ id: 'V', logTypes: ['L'], severity: '${sev}', rule: () => true }`)
    await write({ 'v.ts': body('LOW') })
    const first = (await loadDetections([dir])).detections[0]?.meta.version
    const again = (await loadDetections([dir])).detections[0]?.meta.version
    await write({ 'v.ts': body('HIGH') })
    const changed = (await loadDetections([dir])).detections[0]?.meta.version
    expect(first).toBe(again)
    expect(changed).not.toBe(first)
  })

  it('reports broken files precisely and still loads the others', async () => {
    await write({
      'a-good.ts': rule(`{ id: 'Test.Good', logTypes: ['L'], severity: 'LOW', rule: () => true }`),
      'nested/deep/b-good.ts': rule(
        `{ id: 'Test.Nested', logTypes: ['L'], severity: 'INFO', rule: () => false }`,
      ),
      'broken.ts': `import { defineRule } from 'caracal/sdk'\nexport default defineRule({ id: 'X',, })\n`,
      'bad-meta.ts': `export default { id: 'Test.Bad', logTypes: [], severity: 'SEVERE', severty: 'HIGH', rule: 'yes', dedupPeriodMinutes: 1.5 }\n`,
      'no-export.ts': `export const x = 1\n`,
      'uses-fs.ts': `import { readFileSync } from 'node:fs'\nexport default { id: 'F', logTypes: ['L'], severity: 'LOW', rule: () => readFileSync('/etc/passwd').length > 0 }\n`,
      'throws.ts': `throw new RangeError('boom at load')\n`,
      'skipped.test.ts': `this is not typescript`,
      'skipped.d.ts': `neither is this`,
    })
    const { detections, errors } = await loadDetections([dir])
    expect(detections.map((d) => d.meta.id)).toEqual(['Test.Good', 'Test.Nested'])
    const byFile = Object.fromEntries(errors.map((e) => [e.file.slice(dir.length + 1), e.message]))
    expect(Object.keys(byFile).sort()).toEqual([
      'bad-meta.ts',
      'broken.ts',
      'no-export.ts',
      'throws.ts',
      'uses-fs.ts',
    ])
    expect(byFile['broken.ts']).toBe('cannot be bundled: 2:37: Expected identifier but found ","')
    const bad = byFile['bad-meta.ts'] ?? ''
    expect(bad).toContain("key 'logTypes': must list at least one log type")
    expect(bad).toContain("key 'severity': Invalid option")
    expect(bad).toContain("key 'rule': rule must be a function")
    expect(bad).toContain("key 'dedupPeriodMinutes'")
    expect(bad).toContain('"severty"')
    expect(byFile['no-export.ts']).toContain('no default export')
    expect(byFile['uses-fs.ts']).toContain('Could not resolve "node:fs"')
    expect(byFile['throws.ts']).toBe('evaluating the module failed: RangeError: boom at load')
  })

  it('blames a duplicate id on the later file', async () => {
    await write({
      'a-first.ts': rule(`{ id: 'Same', logTypes: ['L'], severity: 'LOW', rule: () => true }`),
      'z-second.ts': rule(`{ id: 'Same', logTypes: ['L'], severity: 'HIGH', rule: () => true }`),
    })
    const { detections, errors } = await loadDetections([dir])
    expect(detections.map((d) => d.meta.file)).toEqual([join(dir, 'a-first.ts')])
    expect(errors).toEqual([
      {
        file: join(dir, 'z-second.ts'),
        message: `key 'id': duplicate id 'Same', already defined in ${join(dir, 'a-first.ts')}`,
      },
    ])
  })

  it('stops a detection whose top-level code never ends', async () => {
    await write({
      'loops.ts': `while (true) {}\nexport default {}\n`,
      'ok.ts': rule(`{ id: 'Ok', logTypes: ['L'], severity: 'LOW', rule: () => true }`),
    })
    const { detections, errors } = await loadDetections([dir])
    expect(detections.map((d) => d.meta.id)).toEqual(['Ok'])
    expect(errors[0]?.message).toMatch(/evaluating the module failed: .*timed out/)
  })

  it('reports a missing directory without failing the load', async () => {
    await write({
      'ok.ts': rule(`{ id: 'Ok', logTypes: ['L'], severity: 'LOW', rule: () => true }`),
    })
    const missing = join(dir, 'missing')
    const { detections, errors } = await loadDetections([missing, dir])
    expect(detections).toHaveLength(1)
    expect(errors).toHaveLength(1)
    expect(errors[0]?.file).toBe(missing)
    expect(errors[0]?.message).toContain('cannot read the directory: ENOENT')
  })
})
