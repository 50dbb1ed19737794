import { build } from 'esbuild'
import { AppError } from '../../../core/index.js'
import { resolveModuleFile } from '../../module-path.js'

/** Bundled once per process; forgotten on failure so a later engine start can retry. */
let workerBundle: Promise<string> | undefined

/**
 * The worker entry as one CommonJS script: bundled from `worker-entry.ts` under tsx and vitest,
 * from `worker-entry.js` in `dist/`, so `new Worker(code, { eval: true })` runs either way.
 */
export function workerCode(): Promise<string> {
  workerBundle ??= build({
    entryPoints: [resolveModuleFile(import.meta.url, './worker-entry')],
    bundle: true,
    write: false,
    // `eval: true` workers run scripts, so CommonJS; `import()` of detection bundles stays native.
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
  }).then((result) => {
    const output = result.outputFiles[0]
    if (output === undefined) throw new AppError('INTERNAL', 'esbuild produced no worker bundle')
    return output.text
  })
  workerBundle.catch(() => {
    workerBundle = undefined
  })
  return workerBundle
}
