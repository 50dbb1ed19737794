import { execFile } from 'node:child_process'
import { cp, readdir, rename, rm, stat } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { AppError, describeError } from '../../core/index.js'
import { extractZip } from './pack-zip.js'

const run = promisify(execFile)

/** Where a pack comes from. */
export type PackKind = 'folder' | 'zip' | 'git'

/** What fetching a source produced in the staging folder. */
export interface FetchedPack {
  kind: PackKind
  /** The commit checked out, for git sources. */
  gitCommit: string | null
}

/** Git URLs: a scheme git speaks, `user@host:path`, or a path ending in `.git`. */
export function isGitUrl(source: string): boolean {
  return (
    /^(https?|ssh|git|file):\/\//.test(source) ||
    /^[\w.-]+@[\w.-]+:/.test(source) ||
    source.endsWith('.git')
  )
}

/** A default pack name from its source: the folder, zip or repository name. */
export function defaultPackName(source: string): string {
  const last = basename(source.replace(/[/\\]+$/, '').replace(/^.*:/, ''))
  const name = last
    .replace(/\.(git|zip)$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
  return name === '' ? 'pack' : name
}

/**
 * Copies a pack's content into `dest` (an empty folder): a local folder is copied (without `.git`
 * and `node_modules`), a `.zip` extracted, a git URL cloned at depth 1 with the system `git`.
 * An archive or clone holding a single top folder is unwrapped, as GitHub's zips are.
 */
export async function fetchPack(source: string, dest: string): Promise<FetchedPack> {
  if (isGitUrl(source) && (!(await isDirectory(source)) || (await isBareRepository(source)))) {
    const gitCommit = await cloneGit(source, dest)
    return { kind: 'git', gitCommit }
  }
  const path = resolve(source)
  let info
  try {
    info = await stat(path)
  } catch (err) {
    throw new AppError('PACK_INVALID', `Cannot read pack source ${source}: ${describeError(err)}`)
  }
  if (info.isDirectory()) {
    await cp(path, dest, {
      recursive: true,
      filter: (from) => !['.git', 'node_modules'].includes(basename(from)) || from === path,
    })
    return { kind: 'folder', gitCommit: null }
  }
  if (path.toLowerCase().endsWith('.zip')) {
    await extractZip(path, dest)
    await unwrapSingleFolder(dest)
    return { kind: 'zip', gitCommit: null }
  }
  throw new AppError(
    'PACK_INVALID',
    `${source} is neither a folder, a .zip file nor a git URL (https://, ssh://, file://, git@…)`,
  )
}

async function cloneGit(url: string, dest: string): Promise<string> {
  // Never wait for a password prompt (a source needing credentials fails instead), and allow
  // only transports that fetch data: `ext::` and friends would run commands.
  const env = {
    ...process.env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_ALLOW_PROTOCOL: 'file:git:http:https:ssh',
  }
  try {
    // `--` keeps a source starting with `-` from being read as an option.
    await run('git', ['clone', '--depth', '1', '--quiet', '--', url, dest], {
      env,
      timeout: 300_000,
    })
    const { stdout } = await run('git', ['-C', dest, 'rev-parse', 'HEAD'], { env })
    await rm(join(dest, '.git'), { recursive: true, force: true })
    return stdout.trim()
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim()
    throw new AppError(
      'PACK_INVALID',
      `git clone of ${url} failed: ${stderr !== undefined && stderr !== '' ? stderr : describeError(err)}`,
      { cause: err },
    )
  }
}

/** When `dest` holds one folder and nothing else, that folder's content becomes `dest`'s. */
async function unwrapSingleFolder(dest: string): Promise<void> {
  const entries = await readdir(dest, { withFileTypes: true })
  const only = entries[0]
  if (entries.length !== 1 || only === undefined || !only.isDirectory()) return
  const tmp = `${dest}.unwrap`
  await rename(join(dest, only.name), tmp)
  await rm(dest, { recursive: true, force: true })
  await rename(tmp, dest)
}

/** A bare repository (`git init --bare`) is cloned, not copied. */
async function isBareRepository(path: string): Promise<boolean> {
  return (await isDirectory(join(path, 'objects'))) && (await isFile(join(path, 'HEAD')))
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory()
  } catch {
    return false
  }
}
