import { createHash } from 'node:crypto'
import { resolve } from 'node:path'
import { build, type Message, type Plugin } from 'esbuild'
import { resolveModuleFile } from './module-path.js'

/** Caracal's own SDK module, whichever form (TS sources or compiled dist) is running. */
let sdkFile: string | undefined
function sdkPath(): string {
  sdkFile ??= resolveModuleFile(import.meta.url, '../sdk/index')
  return sdkFile
}

/** Points `caracal/sdk` at the running Caracal's SDK, so a detection never needs it installed. */
const sdkPlugin: Plugin = {
  name: 'caracal-sdk',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^caracal\/sdk$/ }, () => ({ path: sdkPath() }))
  },
}

/** A bundled detection, or esbuild's errors formatted as `line:column: text`. */
export type BundleOutcome = { ok: true; code: string } | { ok: false; messages: string[] }

/**
 * Bundles one detection file into a self-contained ESM module. `platform: 'neutral'` leaves Node
 * built-ins unresolvable: detections are pure functions of an event and get no I/O.
 */
export async function bundleDetection(file: string): Promise<BundleOutcome> {
  try {
    const result = await build({
      entryPoints: [file],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      target: 'node20',
      // Whitespace minification drops esbuild's `// path/to/file.ts` comments, which would make
      // the version hash depend on where Caracal and the detection happen to be installed.
      minifyWhitespace: true,
      legalComments: 'none',
      logLevel: 'silent',
      plugins: [sdkPlugin],
    })
    const output = result.outputFiles[0]
    if (output === undefined) return { ok: false, messages: ['esbuild produced no output'] }
    return { ok: true, code: output.text }
  } catch (err) {
    const errors = (err as { errors?: Message[] }).errors
    if (Array.isArray(errors) && errors.length > 0)
      return { ok: false, messages: errors.map((m) => formatMessage(m, file)) }
    return { ok: false, messages: [err instanceof Error ? err.message : String(err)] }
  }
}

/** `sha256` of the bundle, shortened: the version alerts record. */
export function codeVersion(code: string): string {
  return createHash('sha256').update(code).digest('hex').slice(0, 12)
}

/** `line:column: text`, prefixed with the file when the problem is in a module the detection imports. */
function formatMessage(message: Message, entry: string): string {
  const where = message.location
  if (where === null) return message.text
  const inEntry = where.file === '' || resolve(where.file) === resolve(entry)
  const file = inEntry ? '' : `${where.file}:`
  return `${file}${String(where.line)}:${String(where.column + 1)}: ${message.text}`
}
