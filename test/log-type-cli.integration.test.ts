import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { loadLogTypes } from '../src/logs/index.js'
import { tempDir } from './helpers/temp-dir.js'
import { runCli } from './helpers/cli.js'

const caracal = (args: string[], input?: string) => runCli(args, { input: input ?? '' })

describe('log type commands', () => {
  const dir = tempDir('logtypes-cli')
  const schemas = join(dir.path, 'schemas')
  const config = join(dir.path, 'caracal.yml')
  mkdirSync(schemas)
  writeFileSync(config, `data: ${join(dir.path, 'data')}\nlogTypes:\n  dirs: [${schemas}]\n`)
  afterAll(() => {
    dir.remove()
  })
  const samples = [
    { ts: '2026-03-01T12:00:00Z', user: 'alice', src: '198.51.100.7', bytes: 10 },
    { ts: '2026-03-01T12:00:02.5Z', user: 'bob', src: '198.51.100.8', bytes: 20 },
  ]
    .map((s) => JSON.stringify(s))
    .join('\n')

  it('infers a schema that loads, lists it, parses with it and tests it', async () => {
    const sampleFile = join(dir.path, 'samples.jsonl.gz')
    writeFileSync(sampleFile, gzipSync(`${samples}\n`))
    const inferred = await caracal([
      '-c',
      config,
      'schemas',
      'infer',
      sampleFile,
      '--name',
      'Custom.App',
    ])
    expect(inferred.code).toBe(0)
    expect(inferred.stderr).toContain('Custom.App: inferred from 2 samples')
    expect(inferred.stdout).toContain('schema: Custom.App\n')
    writeFileSync(join(schemas, 'app.yml'), inferred.stdout)
    const registry = loadLogTypes([schemas], { builtin: false })
    expect(registry.errors).toEqual([])
    expect(registry.get('Custom.App')?.spec.fields).toEqual([
      { name: 'ts', type: 'timestamp', timeFormat: 'rfc3339', isEventTime: true },
      { name: 'user', type: 'string', indicators: ['username'] },
      { name: 'src', type: 'string', indicators: ['ip'] },
      { name: 'bytes', type: 'bigint' },
    ])

    const listed = await caracal(['-c', config, 'logtypes', '--json'])
    expect(listed.code).toBe(0)
    const logTypes = JSON.parse(listed.stdout) as { name: string }[]
    expect(logTypes).toContainEqual({
      name: 'Custom.App',
      description: 'Inferred by caracal schemas infer from 2 samples; review before use.',
      kind: 'json',
      fields: 4,
      custom: true,
    })
    expect(logTypes).toContainEqual(
      expect.objectContaining({ name: 'Syslog.RFC5424', kind: 'text', custom: false }),
    )

    const parsed = await caracal(
      ['-c', config, 'parse', '--log-type', 'Custom.App', '-'],
      `${samples}\n\n{"user": 1\n`,
    )
    expect(parsed.code).toBe(1)
    expect(parsed.stderr).toMatch(/^-:4: invalid JSON: .*\n1 records failed to parse\n$/)
    const events = parsed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(events).toHaveLength(2)
    expect(events[1]).toMatchObject({
      ts: '2026-03-01 12:00:02.500',
      user: 'bob',
      bytes: 20,
      p_log_type: 'Custom.App',
      p_event_time: '2026-03-01 12:00:02.500',
      p_source_id: 'cli',
      p_any_ip_addresses: ['198.51.100.8'],
      p_any_usernames: ['bob'],
    })

    writeFileSync(
      join(schemas, 'app.tests.yml'),
      [
        `name: good\ninput: '${samples.split('\n')[0] ?? ''}'\nresult: {user: alice, bytes: 10, p_any_usernames: [alice]}`,
        `name: bad\ninput: '{"user":"carol"}'\nresult: {user: dave}`,
      ].join('\n---\n'),
    )
    const tested = await caracal(['-c', config, 'schemas', 'test', schemas])
    expect(tested.code).toBe(1)
    expect(tested.stdout).toContain(`[PASS] ${join(schemas, 'app.tests.yml')}: good\n`)
    expect(tested.stdout).toContain('\tuser: expected "dave", got "carol"\n')
    expect(tested.stdout.endsWith('1 passed, 1 failed\n')).toBe(true)
  }, 60_000)

  it('parses a built-in text log type and fails on an unknown one', async () => {
    const line = '<34>1 2026-03-01T12:00:00Z host1 app 42 ID7 - a message'
    const ok = await caracal(['-c', config, 'parse', '--log-type', 'Syslog.RFC5424', '-'], line)
    expect(ok.code).toBe(0)
    expect(JSON.parse(ok.stdout)).toMatchObject({
      hostname: 'host1',
      appname: 'app',
      message: 'a message',
      p_log_type: 'Syslog.RFC5424',
    })
    const envelope = {
      messageType: 'DATA_MESSAGE',
      logEvents: [{ id: '1', timestamp: 1, message: line.replace('host1', 'host2') }],
    }
    const wrapped = await caracal(
      ['-c', config, 'parse', '--log-type', 'Syslog.RFC5424', '-'],
      `${line}\n${JSON.stringify(envelope)}\n`,
    )
    expect(wrapped.code).toBe(0)
    expect(
      wrapped.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { hostname: string }).hostname),
    ).toEqual(['host1', 'host2'])
    const badName = await caracal(['-c', config, 'schemas', 'infer', '-', '--name', 'App'], '{}')
    expect(badName.code).toBe(1)
    expect(badName.stderr).toContain('must be Custom.<Name>')
    const unknown = await caracal(['-c', config, 'parse', '--log-type', 'Nope.Nope', '-'], line)
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('LOG_TYPE_UNKNOWN')
  }, 30_000)
})
