import { spawn, type ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openLakeReader } from '../src/lake/index.js'
import { afterAll, describe, expect, it } from 'vitest'
import { cloudTrailEvent, rootLogin } from './helpers/cloudtrail-events.js'
import { tempDir } from './helpers/temp-dir.js'
import { cliArgs } from './helpers/cli.js'

const root = new URL('..', import.meta.url).pathname
const perBatch = 40

/** A running `caracal serve` child, with its URL once it listens. */
interface Child {
  process: ChildProcess
  url: string
  stderr: () => string
  exited: Promise<void>
}

/** Starts `caracal serve` as a child and waits until it listens (it replays its spool first). */
async function startServe(config: string, data: string, first: boolean): Promise<Child> {
  const child = spawn(
    process.execPath,
    [...cliArgs, '--config', config, '--data', data, 'serve', '--port', '0'],
    { cwd: root, env: { ...process.env, CARACAL_LOG__LEVEL: 'warn' }, stdio: 'pipe' },
  )
  let stderr = ''
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve()
    }),
  )
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(stderr)
      // The first start also prints the admin token, after the address.
      const ready = !first || /keep it safe:\n\n\s+\S+\n/.test(stderr)
      if (match?.[1] !== undefined && ready) resolve(match[1])
    })
    child.stdout.resume()
    void exited.then(() => {
      reject(new Error(`caracal serve exited:\n${stderr}`))
    })
  })
  return { process: child, url, stderr: () => stderr, exited }
}

/** Batch `n`: numbered events, every fifth a root login the shipped detection alerts on. */
function batchBody(n: number): string {
  return Array.from({ length: perBatch }, (_, i) => {
    const id = `ev-${String(n)}-${String(i)}`
    const event = i % 5 === 0 ? rootLogin({ eventID: id }) : cloudTrailEvent({ eventID: id })
    return JSON.stringify(event)
  }).join('\n')
}

describe('kill -9 while batches are in flight, then restart', () => {
  const dir = tempDir('crash')
  const data = join(dir.path, 'data')
  const config = join(dir.path, 'caracal.yml')
  let child: Child | undefined
  afterAll(() => {
    child?.process.kill('SIGKILL')
    dir.remove()
  })

  it('stores every acknowledged event exactly once, and counts it once in its alert', async () => {
    writeFileSync(
      config,
      'lake: { flushIntervalMs: 300, compaction: { intervalSeconds: 1, minFiles: 2, graceSeconds: 1 } }\ndetections: { workers: 1 }\n',
    )
    const acked = new Set<number>()
    let next = 0
    let token = ''
    let replayed = 0
    const countReplays = (c: Child) => {
      for (const m of c.stderr().matchAll(/"batches":(\d+).*Replaying batches/g)) {
        replayed += Number(m[1])
      }
    }

    for (let cycle = 0; cycle < 3; cycle++) {
      const running = await startServe(config, data, cycle === 0)
      child = running
      countReplays(running)
      token ||= /keep it safe:\n\n\s+(\S+)\n/.exec(running.stderr())?.[1] ?? ''
      expect(token).not.toBe('')
      let killed = false
      const sender = async () => {
        while (!killed) {
          const n = next++
          try {
            const response = await fetch(`${running.url}/v1/ingest/cloudtrail`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
              body: batchBody(n),
            })
            if (response.ok) acked.add(n)
          } catch {
            return // the server is gone: this batch was never acknowledged
          }
        }
      }
      const senders = Array.from({ length: 8 }, sender)
      // Kill at a different point of the flush cycle each time, with many requests in flight.
      const ackedBefore = acked.size
      while (acked.size < ackedBefore + 4) await new Promise((r) => setTimeout(r, 20))
      await new Promise((r) => setTimeout(r, 50 + Math.floor(Math.random() * 400)))
      running.process.kill('SIGKILL')
      killed = true
      await running.exited
      await Promise.all(senders)
    }

    // The last start replays what the crash left; then a clean stop flushes everything.
    const last = await startServe(config, data, false)
    child = last
    countReplays(last)
    // The kills left spooled batches behind, and the restarts replayed them.
    expect(replayed).toBeGreaterThan(0)
    const alertsResponse = await fetch(`${last.url}/v1/alerts?limit=100`, {
      headers: { authorization: `Bearer ${token}` },
    })
    const alerts = (
      (await alertsResponse.json()) as { alerts: { id: string; eventCount: number }[] }
    ).alerts
    last.process.kill('SIGTERM')
    await last.exited
    child = undefined

    // Read as queries read: a compacted partition shows its merged file or its inputs, never both.
    const reader = await openLakeReader({ root: join(data, 'lake') })
    const read = async (sql: string) =>
      (await reader.query(sql)).map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, String(v)])),
      )
    const logs = 'panther_logs.aws_cloudtrail'
    const rules = 'panther_rule_matches.aws_cloudtrail'

    const duplicates = await read(
      `SELECT count(*) - count(DISTINCT p_row_id) AS rows, ` +
        `count(*) - count(DISTINCT eventID) AS events FROM ${logs}`,
    )
    expect(duplicates).toEqual([{ rows: '0', events: '0' }])
    const stored = new Set(
      (await read(`SELECT DISTINCT split_part(eventID, '-', 2) AS n FROM ${logs}`)).map((r) =>
        Number(r.n),
      ),
    )
    const missing = [...acked].filter((n) => !stored.has(n))
    expect(missing).toEqual([])
    expect(acked.size).toBeGreaterThanOrEqual(12)
    const perBatchCounts = await read(
      `SELECT count(*) AS c FROM ${logs} GROUP BY split_part(eventID, '-', 2) HAVING c <> ${String(perBatch)}`,
    )
    expect(perBatchCounts).toEqual([])

    // Each match row is written once, and each alert counts exactly the matches that joined it.
    const matchDuplicates = await read(
      `SELECT count(*) - count(DISTINCT (p_row_id, p_rule_id)) AS d FROM ${rules}`,
    )
    expect(matchDuplicates).toEqual([{ d: '0' }])
    const perAlert = new Map(
      (
        await read(
          `SELECT p_alert_id AS id, count(*) AS c FROM ${rules} WHERE p_alert_id IS NOT NULL GROUP BY 1`,
        )
      ).map((r) => [r.id as string, Number(r.c)]),
    )
    expect(alerts.length).toBeGreaterThan(0)
    for (const alert of alerts) expect(alert.eventCount).toBe(perAlert.get(alert.id) ?? 0)
    const rootLogins = await read(
      `SELECT count(*) AS c FROM ${logs} WHERE eventName = 'ConsoleLogin'`,
    )
    const matchedLogins = await read(
      `SELECT count(DISTINCT p_row_id) AS c FROM ${rules} WHERE eventName = 'ConsoleLogin'`,
    )
    expect(matchedLogins).toEqual(rootLogins)
    await reader.close()
  }, 90_000)
})
