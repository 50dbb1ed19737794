// Compiles the C fast path of Python detections' event class for the default interpreter (the
// one the engine picks: /usr/bin/python3, else python3 on PATH). Never fails the build: without
// Python, a compiler or headers, detections run on the pure-Python class.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import process from 'node:process'
import { fileURLToPath, URL } from 'node:url'

const interpreter = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'
const script = fileURLToPath(new URL('../python/build_speedups.py', import.meta.url))
const result = spawnSync(interpreter, [script], { stdio: 'inherit' })
if (result.error !== undefined) {
  process.stderr.write(`python speedups not built: ${result.error.message}\n`)
}
