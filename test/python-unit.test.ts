import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { defaultInterpreter, pythonRuntimeDir } from '../src/detections/index.js'

const dir = pythonRuntimeDir()

function python(args: string[], extraEnv: Record<string, string> = {}) {
  return spawnSync(defaultInterpreter(), ['-B', ...args], {
    cwd: dir,
    env: { PATH: '/usr/bin:/bin', PYTHONPATH: dir, ...extraEnv },
    encoding: 'utf8',
  })
}

/** The Python side's own unit tests (`python/tests`), run by the interpreter the engine uses. */
describe('python/tests (unittest)', () => {
  // Once on the C fast path of the event views (when built), once on the pure-Python class.
  for (const [mode, env] of [
    ['as built', {}],
    ['pure Python', { CARACAL_PURE_PYTHON: '1' }],
  ] as const) {
    it(`all pass (${mode})`, () => {
      const run = python(['-m', 'unittest', 'discover', '-s', 'tests', '-t', '.'], env)
      const summary = /^Ran (\d+) tests? in/m.exec(run.stderr)
      expect(run.status, run.stderr).toBe(0)
      expect(Number(summary?.[1] ?? 0)).toBeGreaterThanOrEqual(10)
      expect(run.stderr).toMatch(/^OK$/m)
    })
  }

  it('runs on the C fast path wherever the build could compile it', () => {
    const probe = python([
      '-c',
      'import os, sysconfig, panther_core.immutable as m; ' +
        "print(os.path.exists(os.path.join(sysconfig.get_paths()['include'], 'Python.h')), m.ACCELERATED)",
    ])
    expect(probe.status, probe.stderr).toBe(0)
    const [headers, accelerated] = probe.stdout.trim().split(' ')
    // With Python's headers present, `npm run build` must have produced a loadable module.
    if (headers === 'True') expect(accelerated).toBe('True')
  })
})
