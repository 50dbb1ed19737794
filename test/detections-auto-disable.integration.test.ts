import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { DetectionHealth, loadPantherContent } from '../src/detections/index.js'
import { openStore } from '../src/platform/store/index.js'
import { tempDir } from './helpers/temp-dir.js'
import { runCli } from './helpers/cli.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const content = join(root, 'test/fixtures/panther-content')

const caracal = (args: string[]) => runCli(args)

describe('caracal detections with an auto-disabled detection', () => {
  const dir = tempDir('auto-disable-cli')
  afterAll(() => {
    dir.remove()
  })

  it('shows the reason, and `detections enable` clears it', { timeout: 120_000 }, async () => {
    const config = join(dir.path, 'caracal.yml')
    writeFileSync(config, `detections:\n  builtin: false\n  dirs: [${JSON.stringify(content)}]\n`)
    const data = join(dir.path, 'data')
    // What the engine stores when Fixture.Loops keeps timing out (see auto-disable.test.ts).
    const loops = (await loadPantherContent([content])).detections.find(
      (d) => d.meta.id === 'Fixture.Loops',
    )
    const store = await openStore({ kind: 'sqlite', path: join(data, 'caracal.db') })
    await new DetectionHealth(store.db).disable(
      'Fixture.Loops',
      loops?.meta.version ?? '',
      3,
      'stopped (Timeout) in 3 consecutive batches',
    )
    await store.close()
    const flags = ['--config', config, '--data', data]

    const listed = await caracal(['detections', ...flags])
    expect(listed.code).toBe(0)
    expect(listed.stdout).toMatch(
      /Fixture\.Loops \(auto-disabled: stopped \(Timeout\) in 3 consecutive batches\)/,
    )
    const json = JSON.parse((await caracal(['detections', '--json', ...flags])).stdout) as {
      detections: { id: string; autoDisabled: string | null }[]
    }
    expect(json.detections.find((d) => d.id === 'Fixture.Loops')?.autoDisabled).toContain('Timeout')
    expect(json.detections.find((d) => d.id === 'Fixture.Udm')?.autoDisabled).toBeNull()

    const enabled = await caracal(['detections', 'enable', 'Fixture.Loops', ...flags])
    expect(enabled.code).toBe(0)
    expect(enabled.stdout).toContain('Fixture.Loops enabled')
    expect((await caracal(['detections', ...flags])).stdout).not.toContain('auto-disabled')
    const again = await caracal(['detections', 'enable', 'Fixture.Loops', ...flags])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('was not disabled')
  })
})
