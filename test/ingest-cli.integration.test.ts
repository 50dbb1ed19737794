import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { cloudTrailEvent, rootLogin } from './helpers/cloudtrail-events.js'
import { tempDir } from './helpers/temp-dir.js'
import { zstdFrame } from './helpers/zstd-frame.js'
import { runCli } from './helpers/cli.js'

const corpus = '/work/shared/corpus'

/** Runs the real CLI as a child process; stdin is a pipe (given input, or closed empty). */
function caracal(args: string[], input: string | Buffer = '') {
  return runCli(args, {
    input,
    env: { CARACAL_LOG__LEVEL: 'error', CARACAL_DETECTIONS__WORKERS: '1' },
  })
}

/** Rows of a lake query, through `caracal query`. */
async function query(data: string, sql: string): Promise<Record<string, unknown>[]> {
  const { stdout, code, stderr } = await caracal(['query', '--data', data, '--format', 'json', sql])
  expect(code, stderr).toBe(0)
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
}

const lines = (records: readonly unknown[]) => records.map((r) => `${JSON.stringify(r)}\n`).join('')
const trail = (ids: readonly string[]) => ids.map((id) => cloudTrailEvent({ eventID: id }))
const syslog = (n: number) =>
  `<34>1 2026-06-01T10:00:0${n}Z host1 sshd 42 ID47 - Failed password for user${n}\n`

// Each test runs the CLI a few times; a start takes seconds on a busy machine.
describe(
  'caracal ingest: folders, globs, stdin, compression, candidates, progress',
  { timeout: 180_000 },
  () => {
    const dir = tempDir('ingest')
    afterAll(() => {
      dir.remove()
    })

    it('walks a folder through include/exclude globs and reads gzip and zstd by their bytes', async () => {
      const input = join(dir.path, 'logs')
      mkdirSync(join(input, 'a'), { recursive: true })
      mkdirSync(join(input, 'b/c'), { recursive: true })
      mkdirSync(join(input, 'skip'), { recursive: true })
      writeFileSync(join(input, 'a/one.json.gz'), gzipSync(lines(trail(['g1', 'g2']))))
      // zstd under a name that says nothing: the magic bytes decide.
      writeFileSync(
        join(input, 'b/c/two.bin'),
        zstdFrame(Buffer.from(lines(trail(['z1', 'z2', 'z3'])))),
      )
      writeFileSync(join(input, 'b/plain.json'), lines(trail(['p1'])))
      writeFileSync(join(input, 'skip/old.json.gz'), gzipSync(lines(trail(['s1']))))
      writeFileSync(join(input, 'notes.txt'), 'not a log\n')
      const data = join(dir.path, 'data-folder')
      const result = await caracal([
        'ingest',
        '--data',
        data,
        '--log-type',
        'AWS.CloudTrail',
        '--include',
        '**/*.gz',
        '--include',
        '**/*.bin',
        '--include',
        '**/*.json',
        '--exclude',
        'skip/**',
        input,
      ])
      expect(result.stderr).toContain('ingest done: 3/3 inputs')
      expect(result.stderr).toMatch(/6 events, 0 failed, 0 unreadable, \d+ events\/s/)
      expect(result.stdout).toContain('6 records read, 6 events parsed, 0 failed')
      expect(result.code).toBe(0)
      const rows = await query(
        data,
        'SELECT eventID FROM panther_logs.aws_cloudtrail ORDER BY eventID',
      )
      expect(rows.map((r) => r.eventID)).toEqual(['g1', 'g2', 'p1', 'z1', 'z2', 'z3'])
    })

    it('classifies each record among repeated --log-type values, the first keeping failures', async () => {
      const file = join(dir.path, 'mixed.log')
      writeFileSync(file, `${lines(trail(['m1']))}${syslog(1)}${syslog(2)}garbage line\n`)
      const data = join(dir.path, 'data-candidates')
      const result = await caracal([
        'ingest',
        '--data',
        data,
        '--progress',
        'none',
        '--log-type',
        'Syslog.RFC5424',
        '--log-type',
        'AWS.CloudTrail',
        file,
      ])
      expect(result.stdout).toContain('4 records read, 3 events parsed, 1 failed')
      expect(result.stderr).not.toContain('ingest done')
      expect(result.code).toBe(1)
      const rows = await query(
        data,
        'SELECT p_log_type, count(*) AS n FROM panther_views.all_logs GROUP BY 1 ORDER BY 1',
      )
      expect(rows).toEqual([
        { p_log_type: 'AWS.CloudTrail', n: 1 },
        { p_log_type: 'Syslog.RFC5424', n: 2 },
      ])
      const failed = await query(
        data,
        'SELECT p_log_type, raw FROM panther_classification_failures.syslog_rfc5424',
      )
      expect(failed).toEqual([{ p_log_type: 'Syslog.RFC5424', raw: 'garbage line' }])
    })

    it('finds the log types itself when none is named, per input', async () => {
      const input = join(dir.path, 'unnamed')
      mkdirSync(input)
      writeFileSync(join(input, 'trail.json.gz'), gzipSync(lines([...trail(['u1']), rootLogin()])))
      writeFileSync(join(input, 'mixed.log'), `${syslog(3)}${lines(trail(['u2']))}`)
      writeFileSync(join(input, 'unknown.txt'), 'nothing any log type reads\n')
      const data = join(dir.path, 'data-unnamed')
      const result = await caracal(['ingest', '--data', data, input])
      expect(result.stderr).toMatch(/trail\.json\.gz: log types AWS\.CloudTrail\b/)
      expect(result.stderr).toMatch(
        /mixed\.log: log types (AWS\.CloudTrail, Syslog\.RFC5424|Syslog\.RFC5424, AWS\.CloudTrail)\b/,
      )
      expect(result.stderr).toContain(
        'unknown.txt: no log type accepts its first records; name one with --log-type',
      )
      expect(result.stdout).toContain('4 records read, 4 events parsed, 0 failed, 1 rule matches')
      // An input nothing could read makes the run fail, after the others were ingested.
      expect(result.code).toBe(1)
      const rows = await query(
        data,
        'SELECT p_log_type, count(*) AS n FROM panther_views.all_logs GROUP BY 1 ORDER BY 1',
      )
      expect(rows).toEqual([
        { p_log_type: 'AWS.CloudTrail', n: 3 },
        { p_log_type: 'Syslog.RFC5424', n: 1 },
      ])
    })

    it('reads piped stdin without "-", and keeps going past an unreadable path', async () => {
      const data = join(dir.path, 'data-stdin')
      const piped = await caracal(
        ['ingest', '--data', data, '--log-type', 'AWS.CloudTrail'],
        lines(trail(['s1', 's2'])),
      )
      expect(piped.stdout).toContain('2 records read, 2 events parsed, 0 failed')
      expect(piped.stderr).toContain('ingest done: 1/1 inputs')
      expect(piped.code).toBe(0)

      const file = join(dir.path, 'after.json')
      writeFileSync(file, lines(trail(['s3'])))
      const missing = join(dir.path, 'nope')
      const mixed = await caracal(
        ['ingest', '--data', data, '--log-type', 'AWS.CloudTrail', missing, '-', file],
        zstdFrame(Buffer.from(lines(trail(['s4'])))),
      )
      expect(mixed.stderr).toContain(`${missing}: ENOENT`)
      expect(mixed.stderr).toContain('ingest done: 3/3 inputs')
      expect(mixed.stderr).toContain('1 unreadable')
      expect(mixed.code).toBe(1)
      const rows = await query(data, 'SELECT eventID FROM panther_logs.aws_cloudtrail ORDER BY 1')
      expect(rows.map((r) => r.eventID)).toEqual(['s1', 's2', 's3', 's4'])
    })

    it('refuses unknown log types and bad numbers before reading anything', async () => {
      const data = join(dir.path, 'data-refused')
      const unknown = await caracal([
        'ingest',
        '--data',
        data,
        '--log-type',
        'AWS.CloudTrail',
        '--log-type',
        'AWS.Nope',
        '-',
      ])
      expect(unknown.code).toBe(2)
      expect(unknown.stderr).toContain('LOG_TYPE_UNKNOWN: Unknown log type AWS.Nope (known: ')
      const bad = await caracal(['ingest', '--data', data, '--batch-size', '0', '-'])
      expect(bad.code).toBe(2)
      expect(bad.stderr).toContain('--batch-size must be a positive number (got 0)')
    })

    it.runIf(existsSync(join(corpus, 'Syslog.RFC5424')))(
      'imports a folder of the shared corpus without naming its log type',
      async () => {
        const data = join(dir.path, 'data-corpus')
        const result = await caracal([
          'ingest',
          '--data',
          data,
          '--include',
          'rsyslog-testsuites/rfc5424-*.txt',
          join(corpus, 'Syslog.RFC5424'),
        ])
        expect(result.stderr).toMatch(/rfc5424-basic\.txt: log types .*Syslog\.RFC5424/)
        const rows = await query(data, `SELECT count(*) AS n FROM panther_logs.syslog_rfc5424`)
        expect(Number(rows[0]?.n)).toBeGreaterThan(0)
      },
    )
  },
)
