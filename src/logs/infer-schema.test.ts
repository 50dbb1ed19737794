import { describe, expect, it } from 'vitest'
import { inferSchema } from './infer-schema.js'
import { compileSchema, readSchema } from './schema/index.js'

const samples = [
  {
    eventTime: '2026-01-01T10:00:00Z',
    created: 1_700_000_000_000,
    actor: 'alice',
    client: { ip: '192.0.2.1', host: 'login.example.com', port: 443 },
    hashes: ['d41d8cd98f00b204e9800998ecf8427e'],
    sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
    sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    role: 'arn:aws:iam::123456789012:role/admin',
    mail: 'alice@example.com',
    bytes: 1_700_000_000,
    score: 1,
    labels: { 'a b': 1 },
    mixed: 'x',
  },
  {
    eventTime: '2026-01-01T10:00:05.123Z',
    created: 1_700_000_000_500,
    actor: 'bob',
    client: { ip: '2001:db8::1', host: 'api.example.org', port: 8443 },
    hashes: [],
    role: 'arn:aws:iam::123456789012:user/bob',
    mail: 'bob@example.org',
    bytes: 1_700_000_001,
    score: 2.5,
    mixed: { nested: true },
  },
].map((s) => JSON.stringify(s))

describe('inferSchema', () => {
  const inferred = inferSchema([...samples, 'not json', '[1]'], 'Custom.Sample')
  const field = (name: string) => inferred.spec.fields.find((f) => f.name === name)

  it('infers types, nested objects and arrays', () => {
    expect(inferred.samples).toBe(2)
    expect(field('client')).toEqual({
      name: 'client',
      type: 'object',
      fields: [
        { name: 'ip', type: 'string', indicators: ['ip'] },
        { name: 'host', type: 'string', indicators: ['domain'] },
        { name: 'port', type: 'bigint' },
      ],
    })
    expect(field('hashes')).toEqual({
      name: 'hashes',
      type: 'array',
      element: { type: 'string', indicators: ['md5'] },
    })
    expect(field('score')?.type).toBe('float')
    expect(field('mixed')?.type).toBe('json')
    expect(field('labels')?.type).toBe('json')
  })

  it('recognizes timestamps by format, and numbers only when the name says time', () => {
    expect(field('eventTime')).toMatchObject({
      type: 'timestamp',
      timeFormat: 'rfc3339',
      isEventTime: true,
    })
    expect(field('created')).toEqual({ name: 'created', type: 'timestamp', timeFormat: 'unix_ms' })
    expect(field('bytes')).toEqual({ name: 'bytes', type: 'bigint' })
    expect(inferred.spec.fields.filter((f) => f.isEventTime === true)).toHaveLength(1)
  })

  it('guesses indicators from values and usernames from names', () => {
    expect(field('actor')?.indicators).toEqual(['username'])
    expect(field('sha1')?.indicators).toEqual(['sha1'])
    expect(field('sha256')?.indicators).toEqual(['sha256'])
    expect(field('role')?.indicators).toEqual(['aws_arn'])
    expect(field('mail')?.indicators).toEqual(['email'])
  })

  it('reports what it skipped', () => {
    expect(inferred.skipped).toEqual(['line 3: not JSON', 'line 4: not a JSON object'])
  })

  it('writes YAML the schema loader accepts, and that parses the samples', () => {
    expect(inferred.errors).toEqual([])
    const read = readSchema(inferred.yaml, 'inferred.yml')
    if (!read.ok) throw new Error(JSON.stringify(read.errors))
    const logType = compileSchema(read.spec)
    const outcome = logType.parse(samples[0] ?? '')
    expect(outcome.failures).toEqual([])
    expect(outcome.events[0]).toMatchObject({
      actor: 'alice',
      created: '2023-11-14 22:13:20.000',
      p_event_time: '2026-01-01 10:00:00.000',
      p_any_ip_addresses: ['192.0.2.1'],
      p_any_usernames: ['alice'],
    })
  })

  it('prefers a field named like the event time over other timestamps', () => {
    const lines = [JSON.stringify({ published: '2026-01-01T00:00:00Z', ts: 1_800_000_000 })]
    const spec = inferSchema(lines, 'Custom.T').spec
    expect(spec.fields.map((f) => [f.name, f.isEventTime ?? false])).toEqual([
      ['published', false],
      ['ts', true],
    ])
  })
})
