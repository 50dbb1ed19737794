import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { compileSchema } from './compile-schema.js'
import { readSchema } from './load-schema.js'

/** Reads and compiles a schema written in the test, failing loudly if it does not load. */
function compile(yaml: string, createTextParser?: Parameters<typeof compileSchema>[1]) {
  const read = readSchema(yaml, 'test.yml')
  if (!read.ok) throw new Error(JSON.stringify(read.errors))
  return compileSchema(read.spec, createTextParser)
}

const sample = compile(`
schema: Custom.Sample
description: A sample.
definitions:
  peer:
    type: object
    fields:
      - { name: ip, type: string, indicators: [ip] }
      - { name: port, type: int }
fields:
  - { name: time, type: timestamp, timeFormat: unix_ms, isEventTime: true, required: true }
  - { name: user, type: string, required: true, indicators: [username, email] }
  - { name: count, type: bigint }
  - { name: ratio, type: float }
  - { name: ok, type: boolean }
  - { name: level, type: string, validate: { allow: [low, high] } }
  - { name: net, type: string, validate: { cidr: ipv4 } }
  - { name: src, type: ref, target: peer }
  - name: peers
    type: array
    element: { type: ref, target: peer }
  - name: tags
    type: array
    element: { type: string, indicators: [aws_tag] }
  - { name: link, type: string, indicators: [url] }
  - { name: arn, type: string, indicators: [aws_arn] }
  - { name: extra, type: json, indicators: [sha256] }
  - { name: note, type: string }
`)

const parse = (value: unknown) => sample.parse(JSON.stringify(value))
const base = { time: 1700000000123, user: 'Ann@Example.com' }

describe('compileSchema', () => {
  it('maps schema types to lake columns, standard fields last', () => {
    const byName = new Map(sample.columns.map((c) => [c.name, c.type]))
    expect(byName.get('count')).toEqual({ kind: 'bigint' })
    expect(byName.get('ratio')).toEqual({ kind: 'double' })
    expect(byName.get('src')).toEqual({
      kind: 'object',
      fields: [
        { name: 'ip', type: { kind: 'string' } },
        { name: 'port', type: { kind: 'bigint' } },
      ],
    })
    expect(byName.get('tags')).toEqual({ kind: 'array', element: { kind: 'string' } })
    expect(sample.columns.at(-1)?.name).toBe('p_any_usernames')
  })

  it('normalizes values, coerces numeric and boolean strings, and keeps unknown fields', () => {
    const { events, failures } = parse({
      ...base,
      count: '42',
      ratio: '0.5',
      ok: 'True',
      note: 7,
      src: { ip: '10.0.0.1', port: '443', color: 'red' },
      surprise: 'kept',
    })
    expect(failures).toEqual([])
    expect(events[0]).toEqual({
      time: '2023-11-14 22:13:20.123',
      user: 'Ann@Example.com',
      count: 42,
      ratio: 0.5,
      ok: true,
      note: '7',
      src: { ip: '10.0.0.1', port: 443, color: 'red' },
      surprise: 'kept',
      p_event_time: '2023-11-14 22:13:20.123',
      p_extra_fields: { 'src.color': 'red', surprise: 'kept' },
      p_any_usernames: ['Ann@Example.com'],
      p_any_emails: ['ann@example.com'],
      p_any_ip_addresses: ['10.0.0.1'],
    })
  })

  it('fails a record whose required field is missing or cannot be read, saying why', () => {
    expect(parse({ user: 'a' }).failures[0]?.reason).toBe('missing required field time')
    expect(parse({ ...base, user: '' }).failures[0]?.reason).toBe('missing required field user')
    expect(parse({ ...base, time: 'yesterday' }).failures[0]?.reason).toBe(
      'field time: expected timestamp (unix_ms), got "yesterday"',
    )
    expect(parse({ ...base, time: 'yesterday' }).failures[0]?.raw).toBe(
      JSON.stringify({ ...base, time: 'yesterday' }),
    )
  })

  it('turns a bad optional value into null and keeps the event', () => {
    const { events } = parse({ ...base, count: 1.5, ratio: 'much', ok: 'yes', src: [1], peers: 3 })
    expect(events[0]).toMatchObject({ count: undefined, ratio: undefined, ok: undefined })
    expect(events[0]?.src).toBeUndefined()
    expect(events[0]?.peers).toBeUndefined()
  })

  it('fails a record whose value does not pass validate', () => {
    expect(parse({ ...base, level: 'mid' }).failures[0]?.reason).toBe(
      'field level: "mid" is not an allowed value',
    )
    expect(parse({ ...base, net: '10.0.0.0/33' }).failures[0]?.reason).toBe(
      'field net: "10.0.0.0/33" is not an ipv4 CIDR',
    )
    expect(parse({ ...base, level: 'low', net: '10.0.0.0/8' }).events).toHaveLength(1)
  })

  it('normalizes array elements and fills de-duplicated indicators from every kind', () => {
    const hash = 'AB'.repeat(32)
    const [event] = parse({
      ...base,
      peers: [{ ip: '10.0.0.1' }, null, 'bad', { ip: '2001:db8::1', port: 1 }],
      tags: ['team:sec', 'team:sec'],
      link: 'https://192.0.2.7:8443/path',
      arn: 'arn:aws:ec2:us-east-1:123456789012:instance/i-0abc123def4567890',
      extra: { nested: [hash, 'not a hash'] },
    }).events
    expect(event?.peers).toEqual([
      { ip: '10.0.0.1', port: undefined },
      null,
      null,
      { ip: '2001:db8::1', port: 1 },
    ])
    expect(event?.p_any_ip_addresses).toEqual(['10.0.0.1', '2001:db8::1', '192.0.2.7'])
    expect(event?.p_any_aws_tags).toEqual(['team:sec'])
    expect(event?.p_any_aws_account_ids).toEqual(['123456789012'])
    expect(event?.p_any_aws_instance_ids).toEqual(['i-0abc123def4567890'])
    expect(event?.p_any_sha256_hashes).toEqual([hash.toLowerCase()])
  })

  it('explains input that is not a JSON object', () => {
    expect(sample.parse('{"time": ').failures[0]?.reason).toMatch(/^invalid JSON: /)
    expect(sample.parse('[1]').failures[0]?.reason).toBe('expected a JSON object')
  })

  it('quotes field names in generated code, so a hostile name is just a name', () => {
    // The loader refuses such names; the compiler must be safe even without that check.
    const names = ["a'b", 'x"+globalThis.pwned=1+"', '`${1}`']
    const odd = compileSchema({
      schema: 'Custom.Odd',
      fields: names.map((name) => ({ name, type: 'string' as const })),
    })
    const [event] = odd.parse(JSON.stringify(Object.fromEntries(names.map((n) => [n, n])))).events
    expect(names.map((n) => event?.[n])).toEqual(names)
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined()
  })

  it('reads only own fields and never lets a field set the prototype', () => {
    const names = compile(`
schema: Custom.Names
fields:
  - { name: constructor, type: json }
  - { name: toString, type: string }
  - { name: __proto__, type: json }
`)
    const [absent] = names.parse('{}').events
    expect(absent?.constructor).toBeUndefined()
    expect(Object.hasOwn(absent ?? {}, 'constructor')).toBe(true)
    expect(Object.getOwnPropertyDescriptor(absent, 'toString')?.value).toBeUndefined()
    const [present] = names.parse('{"__proto__": {"polluted": true}, "toString": 1}').events
    expect(Object.getPrototypeOf(present)).toBe(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(present, '__proto__')?.value).toEqual({ polluted: true })
    expect(Object.getOwnPropertyDescriptor(present, 'toString')?.value).toBe('1')
  })

  it('gives an event without undeclared fields no p_extra_fields', () => {
    const [event] = parse({ ...base, src: { ip: '10.0.0.1' }, peers: [{ port: 1 }] }).events
    expect(event?.p_extra_fields).toBeUndefined()
    expect(Object.keys(event?.src as object)).toEqual(['ip', 'port'])
  })

  it('keeps undeclared top-level fields with their original values, declared ones typed', () => {
    const [event] = parse({
      ...base,
      count: '7',
      later: { deep: [1, '2'] },
      flag: 'true',
      n: null,
    }).events
    expect(event).toMatchObject({ count: 7, later: { deep: [1, '2'] }, flag: 'true', n: null })
    expect(event?.p_extra_fields).toEqual({ later: { deep: [1, '2'] }, flag: 'true', n: null })
    // The fixed shape comes first: declared fields, then the standard keys, then the extras.
    const keys = Object.keys(event ?? {})
    expect(keys.indexOf('note')).toBeLessThan(keys.indexOf('p_event_time'))
    expect(keys.slice(-3)).toEqual(['later', 'flag', 'n'])
  })

  it('keeps undeclared fields inside declared objects and objects inside arrays, by path', () => {
    const nested = compile(`
schema: Custom.Nested
fields:
  - name: actor
    type: object
    fields:
      - { name: id, type: string }
      - name: session
        type: object
        fields:
          - { name: mfa, type: boolean }
  - name: resources
    type: array
    element:
      type: object
      fields:
        - { name: arn, type: string, indicators: [aws_arn] }
        - name: tags
          type: array
          element:
            type: object
            fields:
              - { name: key, type: string }
  - name: grid
    type: array
    element: { type: array, element: { type: object, fields: [{ name: v, type: int }] } }
  - name: names
    type: array
    element: { type: string }
`)
    const [event] = nested.parse(
      JSON.stringify({
        actor: { id: 7, type: 'IAMUser', session: { mfa: 'true', issuer: 'okta' } },
        resources: [
          { arn: 'arn:aws:s3:::a' },
          {
            arn: 'arn:aws:s3:::b',
            region: 'eu-west-1',
            tags: [{ key: 'k' }, { key: 1, value: 'v' }],
          },
        ],
        grid: [[{ v: '1' }], [{ v: 2 }, { v: 3, w: 'x' }]],
        names: ['a', 2],
      }),
    ).events
    expect(event?.actor).toEqual({
      id: '7',
      type: 'IAMUser',
      session: { mfa: true, issuer: 'okta' },
    })
    expect(event?.resources).toEqual([
      { arn: 'arn:aws:s3:::a', tags: undefined },
      {
        arn: 'arn:aws:s3:::b',
        region: 'eu-west-1',
        tags: [{ key: 'k' }, { key: '1', value: 'v' }],
      },
    ])
    expect(event?.grid).toEqual([[{ v: 1 }], [{ v: 2 }, { v: 3, w: 'x' }]])
    expect(event?.names).toEqual(['a', '2'])
    expect(event?.p_extra_fields).toEqual({
      'actor.type': 'IAMUser',
      'actor.session.issuer': 'okta',
      'resources[1].tags[1].value': 'v',
      'resources[1].region': 'eu-west-1',
      'grid[1][1].w': 'x',
    })
    expect(event?.p_any_aws_arns).toEqual(['arn:aws:s3:::a', 'arn:aws:s3:::b'])
  })

  it('keeps a json field whole, never as extra fields', () => {
    const hash = 'cd'.repeat(32)
    const [event] = parse({ ...base, extra: { free: { form: [hash] }, x: 1 } }).events
    expect(event?.extra).toEqual({ free: { form: [hash] }, x: 1 })
    expect(event?.p_extra_fields).toBeUndefined()
    expect(event?.p_any_sha256_hashes).toEqual([hash])
  })

  it('keeps undeclared __proto__ and constructor keys as plain own fields', () => {
    const raw =
      '{"time": 1700000000123, "user": "a", "__proto__": {"polluted": true}, "constructor": 5,' +
      ' "src": {"ip": "10.0.0.1", "__proto__": {"admin": true}, "toString": "x"}}'
    const [event] = sample.parse(raw).events
    expect(Object.getPrototypeOf(event)).toBe(Object.prototype)
    expect(Object.getPrototypeOf(event?.src)).toBe(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(event, '__proto__')?.value).toEqual({ polluted: true })
    expect(Object.getOwnPropertyDescriptor(event, 'constructor')?.value).toBe(5)
    const src = event?.src as Record<string, unknown>
    expect(Object.getOwnPropertyDescriptor(src, '__proto__')?.value).toEqual({ admin: true })
    expect(Object.getOwnPropertyDescriptor(src, 'toString')?.value).toBe('x')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(({} as Record<string, unknown>).admin).toBeUndefined()
    const extras = event?.p_extra_fields as Record<string, unknown>
    expect(Object.getPrototypeOf(extras)).toBe(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(extras, '__proto__')?.value).toEqual({ polluted: true })
    expect(extras).toMatchObject({ constructor: 5, 'src.toString': 'x' })
    expect(Object.getOwnPropertyDescriptor(extras, 'src.__proto__')?.value).toEqual({ admin: true })
  })

  it('keeps undeclared p_* keys out of the event, in p_extra_fields only', () => {
    const [event] = parse({ ...base, p_event_time: 'forged', p_any_emails: ['x@evil.test'] }).events
    expect(event?.p_event_time).toBe('2023-11-14 22:13:20.123')
    expect(event?.p_any_emails).toEqual(['ann@example.com'])
    expect(event?.p_extra_fields).toEqual({
      p_event_time: 'forged',
      p_any_emails: ['x@evil.test'],
    })
  })

  it('keeps undeclared fields of records a text parser reads', () => {
    const kv = compile(
      `
schema: Custom.Kv
parser:
  csv:
    delimiter: ','
    columns: [n]
fields:
  - { name: n, type: int }
`,
      { createTextParser: () => () => ({ ok: true, value: { n: '1', other: 'b' } }) },
    )
    expect(kv.parse('1,b').events[0]).toMatchObject({
      n: 1,
      other: 'b',
      p_extra_fields: { other: 'b' },
    })
  })

  it('lists p_extra_fields as a json standard column', () => {
    expect(sample.columns.find((c) => c.name === 'p_extra_fields')?.type).toEqual({ kind: 'json' })
  })

  it('runs a parser: schema through the text parser it is given', () => {
    const csv = compile(
      `
schema: Custom.Csv
parser:
  csv:
    delimiter: ','
    columns: [time, n]
fields:
  - { name: time, type: timestamp, timeFormat: unix, isEventTime: true }
  - { name: n, type: int }
`,
      {
        createTextParser: () => (line) =>
          line.startsWith('#')
            ? { ok: false, reason: 'header', skip: true }
            : line.includes(',')
              ? { ok: true, value: { time: line.split(',')[0], n: line.split(',')[1] } }
              : { ok: false, reason: 'expected 2 columns' },
      },
    )
    expect(csv.parse('1412123850,7').events[0]).toMatchObject({
      n: 7,
      p_event_time: '2014-10-01 00:37:30.000',
    })
    expect(csv.parse('#fields').failures).toEqual([])
    expect(csv.parse('oops').failures[0]?.reason).toBe('expected 2 columns')
  })
  it('rename: reads a field from its old key, which is then not an undeclared field', () => {
    const renamed = compile(`
schema: Custom.Renamed
fields:
  - { name: id.orig_h, type: string, required: true, indicators: [ip], rename: { from: id_orig_h } }
  - name: peer
    type: object
    fields:
      - { name: port, type: int, rename: { from: Port } }
`)
    const old = renamed.parse('{"id_orig_h":"10.0.0.1","peer":{"Port":"53"},"x":1}').events[0]
    expect(old).toMatchObject({ 'id.orig_h': '10.0.0.1', peer: { port: 53 }, x: 1 })
    expect(old?.p_any_ip_addresses).toEqual(['10.0.0.1'])
    expect(old?.p_extra_fields).toEqual({ x: 1 })
    expect(old).not.toHaveProperty('id_orig_h')
    // The field's own name wins when both arrive.
    const both = renamed.parse('{"id.orig_h":"10.0.0.2","id_orig_h":"10.0.0.1"}').events[0]
    expect(both?.['id.orig_h']).toBe('10.0.0.2')
    expect(both?.p_extra_fields).toBeUndefined()
    expect(renamed.parse('{"other":1}').failures[0]?.reason).toBe(
      'missing required field id.orig_h',
    )
  })
  it('copy, concat and split derive absent fields; mask redacts or hashes before indicators', () => {
    const derived = compile(`
schema: Custom.Derived
fields:
  - { name: city, type: string, copy: { from: location.city } }
  - name: fullName
    type: string
    indicators: [username]
    concat: { paths: [first, last], separator: " " }
  - { name: host, type: string, indicators: [domain], split: { from: address, separator: ":", index: 0 } }
  - { name: port, type: int, split: { from: address, separator: ":", index: -1 } }
  - { name: pin, type: string, indicators: [username], mask: { type: redact, to: "****" } }
  - { name: email, type: string, indicators: [email], mask: { type: hash, salt: s1 } }
`)
    const event = derived.parse(
      JSON.stringify({
        location: { city: 'Lyon' },
        first: 'Ada',
        last: 'Lovelace',
        address: 'db.example.com:5432',
        pin: '1234',
        email: 'ada@example.com',
      }),
    ).events[0]
    expect(event).toMatchObject({
      city: 'Lyon',
      fullName: 'Ada Lovelace',
      host: 'db.example.com',
      port: 5432,
      pin: '****',
      email: createHash('sha256').update('s1ada@example.com').digest('hex'),
      p_any_usernames: ['Ada Lovelace', '****'],
      p_any_domain_names: ['db.example.com'],
    })
    // The sources stay where they were: only the declared fields are new.
    expect(event?.p_extra_fields).toMatchObject({ first: 'Ada', address: 'db.example.com:5432' })
    expect(event?.p_any_emails).toBeUndefined()
    // A field the record carries wins over what would be derived; absent sources derive nothing.
    const own = derived.parse('{"city":"Paris","first":"Ada"}').events[0]
    expect([own?.city, own?.fullName, own?.host]).toEqual(['Paris', 'Ada', undefined])
  })
  it('matches JSON keys case-insensitively, as Panther does, only for absent declared fields', () => {
    const folded = compile(`
schema: Custom.Folded
fields:
  - { name: eventTime, type: timestamp, timeFormat: rfc3339, isEventTime: true, required: true }
  - { name: sourceIP, type: string, indicators: [ip] }
  - name: user
    type: object
    fields:
      - { name: userName, type: string, indicators: [username] }
  - { name: tag, type: string }
  - { name: Tag, type: string }
`)
    const event = folded.parse(
      JSON.stringify({
        EVENTTIME: '2026-11-29T06:00:00Z',
        sourceip: '192.0.2.1',
        USER: { username: 'ada', UserName: 'not-used' },
        TAG: 'ambiguous',
        other: 1,
      }),
    ).events[0]
    expect(event).toMatchObject({
      eventTime: '2026-11-29 06:00:00.000',
      sourceIP: '192.0.2.1',
      p_any_ip_addresses: ['192.0.2.1'],
      p_event_time: '2026-11-29 06:00:00.000',
    })
    // The first spelling in the record wins; the other stays an undeclared field.
    expect(event?.user).toEqual({ userName: 'ada', UserName: 'not-used' })
    // tag and Tag differ only in case: TAG matches neither and is kept as it came.
    expect(event?.p_extra_fields).toEqual({
      TAG: 'ambiguous',
      other: 1,
      'user.UserName': 'not-used',
    })
    // An exact key always wins over one that differs in case.
    const exact = folded.parse('{"eventTime":"2026-11-29T06:00:00Z","sourceIP":"a","SOURCEIP":"b"}')
    expect(exact.events[0]).toMatchObject({ sourceIP: 'a', p_extra_fields: { SOURCEIP: 'b' } })
  })
})
