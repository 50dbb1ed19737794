import { basename, resolve } from 'node:path'
import {
  build,
  transform,
  version as esbuildVersion,
  type BuildOptions,
  type Message,
  type Metafile,
  type Plugin,
  type TransformOptions,
} from 'esbuild'
import { sha256, type BundleCache, type CachedBundle } from './bundle-cache.js'
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

/**
 * `platform: 'neutral'` leaves Node built-ins unresolvable: detections are pure functions of an
 * event and get no I/O. Part of every cache key, so changing an option starts afresh.
 */
const bundleOptions = {
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
  metafile: true,
  // Never written (`write: false`); esbuild needs it to name several outputs.
  outdir: '/caracal-bundles',
} satisfies BuildOptions

const cjsOptions = {
  format: 'cjs',
  loader: 'js',
  target: 'node20',
  logLevel: 'silent',
} satisfies TransformOptions

/** Bumped when the layout of cache entries or the way bundles are made changes. */
const cacheFormat = 1

/**
 * A bundled detection (as ESM for the engine and as CommonJS for the metadata sandbox), or
 * esbuild's errors formatted as `line:column: text`.
 */
export type BundleOutcome =
  { ok: true; code: string; script: string } | { ok: false; messages: string[] }

type Built = { ok: true; code: string; script: string; inputs: string[] } | BundleOutcome

/**
 * Bundles each detection file into a self-contained module, in the order given. Bundles still
 * valid in `cache` are reused; the rest are built together in one esbuild run and stored.
 */
export async function bundleDetections(
  files: readonly string[],
  cache?: BundleCache,
): Promise<BundleOutcome[]> {
  const keys = await Promise.all(files.map((file) => cacheKey(file, cache)))
  const cached = await Promise.all(
    keys.map(async (key) => (key === undefined ? undefined : cache?.get(key))),
  )
  const missing = files.flatMap((file, i) => (cached[i] === undefined ? [file] : []))
  const built = await buildAll(missing)

  const outcomes: BundleOutcome[] = []
  const writes: Promise<boolean>[] = []
  for (const [i, key] of keys.entries()) {
    const hit = cached[i]
    if (hit !== undefined) {
      outcomes.push({ ok: true, code: hit.code, script: hit.script })
      continue
    }
    const outcome = built.shift() ?? { ok: false, messages: ['esbuild produced no output'] }
    outcomes.push(outcome.ok ? { ok: true, code: outcome.code, script: outcome.script } : outcome)
    if (cache !== undefined && key !== undefined && 'inputs' in outcome)
      writes.push(store(cache, key, outcome))
  }
  if ((await Promise.all(writes)).some(Boolean)) await cache?.prune()
  return outcomes
}

/** `sha256` of the bundle, shortened: the version alerts record. */
export function codeVersion(code: string): string {
  return sha256(code).slice(0, 12)
}

/**
 * The entry's content and everything else the output depends on apart from the files it
 * imports, which are only known after a build and so are checked when an entry is read.
 */
async function cacheKey(file: string, cache?: BundleCache): Promise<string | undefined> {
  const source = await cache?.fileHash(resolve(file))
  if (source === undefined) return undefined
  const parts = [
    cacheFormat,
    esbuildVersion,
    bundleOptions,
    cjsOptions,
    sdkPath(),
    resolve(file),
    source,
  ]
  return sha256(JSON.stringify(parts))
}

async function store(
  cache: BundleCache,
  key: string,
  built: { code: string; script: string; inputs: string[] },
): Promise<boolean> {
  const hashes = await Promise.all(built.inputs.map((path) => cache.fileHash(path)))
  const inputs = built.inputs.map((path, i) => ({ path, sha256: hashes[i] ?? '' }))
  // A bundle whose inputs are unknown or cannot be hashed could never be validated: not kept.
  if (inputs.length === 0 || inputs.some((input) => input.sha256 === '')) return false
  const entry: CachedBundle = { inputs, code: built.code, script: built.script }
  return cache.set(key, entry)
}

/**
 * One esbuild run for all files is about twice as fast as one run per file. A single broken
 * file fails the whole run, though; then each file is built alone so each gets its own errors.
 */
async function buildAll(files: readonly string[]): Promise<Built[]> {
  if (files.length === 0) return []
  let metafile: Metafile
  const codeByIndex = new Map<string, string>()
  try {
    const result = await build({
      ...bundleOptions,
      entryPoints: files.map((file, i) => ({ in: file, out: String(i) })),
      plugins: [sdkPlugin],
    })
    metafile = result.metafile
    for (const output of result.outputFiles)
      codeByIndex.set(basename(output.path, '.js'), output.text)
  } catch (err) {
    if (files.length > 1) return (await Promise.all(files.map((file) => buildAll([file])))).flat()
    return [{ ok: false, messages: describeFailure(err, files[0] ?? '') }]
  }
  const inputsByIndex = new Map<string, string[]>()
  for (const [path, output] of Object.entries(metafile.outputs)) {
    if (output.entryPoint !== undefined)
      inputsByIndex.set(basename(path, '.js'), moduleGraph(metafile, output.entryPoint))
  }
  return Promise.all(
    files.map(async (_file, i): Promise<Built> => {
      const code = codeByIndex.get(String(i))
      if (code === undefined) return { ok: false, messages: ['esbuild produced no output'] }
      try {
        // vm.Script runs scripts, not modules: the metadata sandbox needs CommonJS.
        const script = await transform(code, cjsOptions)
        return { ok: true, code, script: script.code, inputs: inputsByIndex.get(String(i)) ?? [] }
      } catch (err) {
        return { ok: false, messages: describeFailure(err, files[i] ?? '') }
      }
    }),
  )
}

/**
 * Every file reachable from `entry` in esbuild's import graph, as absolute paths. Files whose
 * code was tree-shaken away are included: an edit could still change the output.
 */
function moduleGraph(metafile: Metafile, entry: string): string[] {
  const seen = new Set<string>()
  const pending = [entry]
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    const input = metafile.inputs[path]
    if (seen.has(path) || input === undefined) continue
    seen.add(path)
    for (const imported of input.imports)
      if (imported.external !== true) pending.push(imported.path)
  }
  // Metafile paths are relative to esbuild's working directory, the process's.
  return [...seen].map((path) => resolve(path))
}

function describeFailure(err: unknown, file: string): string[] {
  const errors = (err as { errors?: Message[] }).errors
  if (Array.isArray(errors) && errors.length > 0) return errors.map((m) => formatMessage(m, file))
  return [err instanceof Error ? err.message : String(err)]
}

/** `line:column: text`, prefixed with the file when the problem is in a module the detection imports. */
function formatMessage(message: Message, entry: string): string {
  const where = message.location
  if (where === null) return message.text
  const inEntry = where.file === '' || resolve(where.file) === resolve(entry)
  const file = inEntry ? '' : `${where.file}:`
  return `${file}${String(where.line)}:${String(where.column + 1)}: ${message.text}`
}
