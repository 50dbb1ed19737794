import { readdir, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { describeError } from '../core/index.js'
import { bundleDetections, codeVersion, type BundleOutcome } from './bundle.js'
import { openBundleCache } from './bundle-cache.js'
import { parseDefinition } from './definition-schema.js'
import { readDefaultExport } from './read-definition.js'
import type { LoadError, LoadResult, LoadedDetection } from './types.js'

/** How detections are loaded. */
export interface LoadOptions {
  /** Caracal's cache folder, whose `bundles/` keeps bundles between runs; absent or `off`: none. */
  cacheDir?: string | undefined
}

/**
 * Loads every TypeScript detection under `dirs` (recursively; `*.test.ts` and `*.d.ts` are
 * skipped; an entry may also be one detection file). Each file is bundled, its metadata read in
 * a sandbox and validated; a broken file becomes an error entry and never stops the others. A
 * repeated id is an error on the later file.
 */
export async function loadDetections(
  dirs: readonly string[],
  options: LoadOptions = {},
): Promise<LoadResult> {
  const errors: LoadError[] = []
  const files: string[] = []
  for (const dir of dirs) {
    try {
      files.push(...(await findDetectionFiles(dir)))
    } catch (err) {
      errors.push({ file: dir, message: `cannot read the directory: ${describeError(err)}` })
    }
  }
  const bundles = await bundleDetections(files, openBundleCache(options.cacheDir))
  const outcomes = files.map((file, i) =>
    readDetection(file, bundles[i] ?? { ok: false, messages: ['not bundled'] }),
  )

  const detections: LoadedDetection[] = []
  const seen = new Map<string, string>()
  for (const outcome of outcomes) {
    if ('message' in outcome) {
      errors.push(outcome)
      continue
    }
    const { id, file } = outcome.meta
    const first = seen.get(id)
    if (first !== undefined) {
      errors.push({ file, message: `key 'id': duplicate id '${id}', already defined in ${first}` })
      continue
    }
    seen.set(id, file)
    detections.push(outcome)
  }
  return { detections, errors }
}

function readDetection(file: string, bundled: BundleOutcome): LoadedDetection | LoadError {
  if (!bundled.ok) return { file, message: `cannot be bundled: ${bundled.messages.join('; ')}` }
  const exported = readDefaultExport(bundled.script, file)
  if (!exported.ok) return { file, message: exported.message }
  const definition = parseDefinition(exported.value)
  if (!definition.ok) return { file, message: definition.messages.join('; ') }
  return {
    meta: { ...definition.meta, version: codeVersion(bundled.code), file },
    code: bundled.code,
    tests: definition.tests,
  }
}

/**
 * Detection files below `dir`, sorted so load order (and so duplicate-id blame) is stable.
 * `node_modules` and dot-directories hold dependencies and tooling, not detections.
 */
async function findDetectionFiles(dir: string): Promise<string[]> {
  // A single file may be named too (`caracal test rule.ts`).
  if ((await stat(dir)).isFile()) return isDetectionFile(basename(dir)) ? [dir] : []
  const files: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    // `helpers/` folders hold code that detections import (bundled into each), not detections.
    const skipped =
      entry.name === 'node_modules' || entry.name === 'helpers' || entry.name.startsWith('.')
    if (entry.isDirectory() && !skipped) {
      files.push(...(await findDetectionFiles(path)))
    } else if (entry.isFile() && isDetectionFile(entry.name)) {
      files.push(path)
    }
  }
  return files.sort()
}

function isDetectionFile(name: string): boolean {
  return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')
}
