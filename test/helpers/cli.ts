import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Node arguments that start the `caracal` CLI: the build in `dist/` when it is newer than every
 * source file (as right after `npm ci`, whose `prepare` builds it), else the sources through tsx.
 * The build starts about a second and a half sooner, which the CLI tests pay dozens of times.
 */
export const cliArgs: readonly string[] = buildIsFresh()
  ? [join(root, 'dist/bin/caracal.js')]
  : ['--import', 'tsx', join(root, 'src/bin/caracal.ts')]

function buildIsFresh(): boolean {
  let built: number
  try {
    built = statSync(join(root, 'dist/bin/caracal.js')).mtimeMs
  } catch {
    return false
  }
  return newestSource(join(root, 'src')) <= built
}

function newestSource(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path))
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}
