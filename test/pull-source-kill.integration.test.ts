import { spawn, type ChildProcess } from 'node:child_process'
import { statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { openLakeReader } from '../src/lake/index.js'
import { afterAll, describe, expect, it } from 'vitest'
import { cloudTrailEvent } from './helpers/cloudtrail-events.js'
import { tempDir } from './helpers/temp-dir.js'
import { cliArgs } from './helpers/cli.js'

const root = new URL('..', import.meta.url).pathname
const events = 1500

/** A running `caracal serve` child. */
interface Child {
  process: ChildProcess
  stderr: () => string
  exited: Promise<void>
}

/** Starts `caracal serve` and waits until it listens (after replaying its spool). */
async function startServe(config: string, data: string): Promise<Child> {
  const child = spawn(
    process.execPath,
    [...cliArgs, '--config', config, '--data', data, 'serve', '--port', '0'],
    { cwd: root, env: { ...process.env, CARACAL_LOG__LEVEL: 'info' }, stdio: 'pipe' },
  )
  let stderr = ''
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve()
    })
  })
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      if (/listening on http/.test(stderr)) resolve()
    })
    child.stdout.resume()
    void exited.then(() => {
      reject(new Error(`caracal serve exited:\n${stderr}`))
    })
  })
  return { process: child, stderr: () => stderr, exited }
}

/** The file source's stored offset, read from the store as the server left it. */
function storedOffset(data: string, path: string): number {
  const db = new Database(join(data, 'caracal.db'), { readonly: true, fileMustExist: true })
  try {
    const row = db
      .prepare('SELECT value FROM source_checkpoints WHERE source_id = ? AND key = ?')
      .get('trail', path) as { value: string } | undefined
    return row === undefined ? -1 : (JSON.parse(row.value) as { offset: number }).offset
  } finally {
    db.close()
  }
}

describe('a file source killed with SIGKILL while reading, then restarted', () => {
  const dir = tempDir('file-kill')
  const data = join(dir.path, 'data')
  const config = join(dir.path, 'caracal.yml')
  const logFile = join(dir.path, 'trail.log')
  let child: Child | undefined
  afterAll(() => {
    child?.process.kill('SIGKILL')
    dir.remove()
  })

  it('puts every line of the file in the lake exactly once', async () => {
    writeFileSync(
      logFile,
      Array.from(
        { length: events },
        (_, i) => `${JSON.stringify(cloudTrailEvent({ eventID: `line-${String(i)}` }))}\n`,
      ).join(''),
    )
    writeFileSync(
      config,
      [
        // Compaction runs every second, so kills also land in the middle of its passes.
        'lake: { flushIntervalMs: 50, compaction: { intervalSeconds: 1, minFiles: 2, graceSeconds: 1 } }',
        'detections: { workers: 1 }',
        'sources:',
        `  trail: { type: file, logType: AWS.CloudTrail, paths: ["${logFile}"], pollIntervalMs: 50, batchSize: 10 }`,
        '',
      ].join('\n'),
    )
    const size = statSync(logFile).size
    let kills = 0
    let skipped = 0
    for (let cycle = 0; cycle < 4; cycle++) {
      const running = await startServe(config, data)
      child = running
      // Kill at a different point of the read/commit cycle each time.
      await new Promise((r) => setTimeout(r, 300 + Math.floor(Math.random() * 900)))
      if (storedOffset(data, logFile) === size) break
      running.process.kill('SIGKILL')
      kills++
      await running.exited
      skipped += running.stderr().split('Re-read batch already in the lake').length - 1
    }
    const last = await startServe(config, data)
    child = last
    const deadline = Date.now() + 60_000
    while (storedOffset(data, logFile) !== size) {
      if (Date.now() > deadline)
        throw new Error(`the file was not read to its end:\n${last.stderr()}`)
      await new Promise((r) => setTimeout(r, 100))
    }
    last.process.kill('SIGTERM')
    await last.exited
    child = undefined
    skipped += last.stderr().split('Re-read batch already in the lake').length - 1
    expect(kills).toBeGreaterThan(0)
    // Shown by the test's output, for the curious: how many re-reads were found in the lake.
    console.info(`file source: ${kills} kills, ${skipped} re-read batches skipped as durable`)

    // Read as queries read: a compacted partition shows its merged file or its inputs, never both.
    const reader = await openLakeReader({ root: join(data, 'lake') })
    const counts = await reader
      .query(
        'SELECT count(*)::VARCHAR AS total, count(DISTINCT eventID)::VARCHAR AS distinct_ids, ' +
          'count(DISTINCT p_row_id)::VARCHAR AS distinct_rows FROM panther_logs.aws_cloudtrail',
      )
      .finally(() => reader.close())
    expect(counts).toEqual([
      { total: String(events), distinct_ids: String(events), distinct_rows: String(events) },
    ])
  }, 180_000)
})
