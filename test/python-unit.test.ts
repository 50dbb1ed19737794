import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { defaultInterpreter, pythonRuntimeDir } from '../src/detections/index.js'

/** The Python side's own unit tests (`python/tests`), run by the interpreter the engine uses. */
describe('python/tests (unittest)', () => {
  it('all pass', () => {
    const dir = pythonRuntimeDir()
    const run = spawnSync(
      defaultInterpreter(),
      ['-B', '-m', 'unittest', 'discover', '-s', 'tests', '-t', '.'],
      { cwd: dir, env: { PATH: '/usr/bin:/bin', PYTHONPATH: dir }, encoding: 'utf8' },
    )
    const summary = /^Ran (\d+) tests? in/m.exec(run.stderr)
    expect(run.status, run.stderr).toBe(0)
    expect(Number(summary?.[1] ?? 0)).toBeGreaterThanOrEqual(10)
    expect(run.stderr).toMatch(/^OK$/m)
  })
})
