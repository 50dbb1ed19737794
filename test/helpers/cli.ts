import { execFile } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

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

/** What a CLI run printed and how it exited. */
export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/**
 * Runs the real `caracal` CLI as a child process from the project root, logging at `warn`
 * unless `env` says otherwise. Stdin is closed after `input` when one is given, and left open
 * otherwise. A failing exit is returned, not thrown.
 */
export async function runCli(
  args: readonly string[],
  options: { input?: string | Buffer; env?: Record<string, string> } = {},
): Promise<CliRun> {
  const child = run(process.execPath, [...cliArgs, ...args], {
    cwd: root,
    env: { ...process.env, CARACAL_LOG__LEVEL: 'warn', ...options.env },
    maxBuffer: 64 * 1024 * 1024,
  })
  if (options.input !== undefined) child.child.stdin?.end(options.input)
  try {
    const { stdout, stderr } = await child
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as CliRun
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

const run = promisify(execFile)
