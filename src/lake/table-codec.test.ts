import { describe, expect, it } from 'vitest'
import type { LakeTable } from '../core/index.js'
import { testTable } from './fixtures/lake-fixtures.js'
import { normalizeTimestamp } from './lake-timestamps.js'
import { compileTableCodec, duckdbType } from './table-codec.js'

describe('normalizeTimestamp', () => {
  it.each([
    ['2024-01-02 03:04:05.678', '2024-01-02 03:04:05.678000'],
    ['2024-01-02T03:04:05Z', '2024-01-02 03:04:05.000000'],
    ['2024-01-02T03:04:05.123456789Z', '2024-01-02 03:04:05.123456'],
    ['2024-01-02T03:04:05,5', '2024-01-02 03:04:05.500000'],
    ['2024-01-02', '2024-01-02 00:00:00.000000'],
    ['2024-01-02T01:30:00.25+02:00', '2024-01-01 23:30:00.250000'],
    ['2024-12-31T23:00:00-0130', '2025-01-01 00:30:00.000000'],
    ['2024-02-29 00:00:00', '2024-02-29 00:00:00.000000'],
    [1704164645, '2024-01-02 03:04:05.000000'],
    [1704164645678, '2024-01-02 03:04:05.678000'],
    [new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)), '2024-01-02 03:04:05.006000'],
  ])('reads %j as %s', (input, expected) => {
    expect(normalizeTimestamp(input)).toBe(expected)
  })

  it.each([
    'yesterday',
    '2023-02-29 00:00:00',
    '2024-13-01',
    '2024-01-02 24:00:00',
    '2024-01-02 03:60:00',
    '02/01/2024',
    '',
    NaN,
    null,
    true,
    {},
  ])('refuses %j', (input) => {
    expect(normalizeTimestamp(input)).toBeUndefined()
  })
})

describe('compileTableCodec', () => {
  it('maps column types to DuckDB types, quoting field names', () => {
    expect(
      duckdbType(testTable.columns.find((c) => c.name === 'user')?.type ?? { kind: 'json' }),
    ).toBe(
      'STRUCT("name" VARCHAR, "odd ""field"" name" BIGINT, "session" STRUCT("started" TIMESTAMP))',
    )
    expect(
      duckdbType({ kind: 'array', element: { kind: 'array', element: { kind: 'double' } } }),
    ).toBe('DOUBLE[][]')
    expect(duckdbType({ kind: 'object', fields: [] })).toBe('JSON')
  })

  it("escapes quotes in read_json's columns argument", () => {
    const table: LakeTable = {
      database: 'logs',
      name: 't',
      columns: [
        {
          name: "it's",
          type: { kind: 'object', fields: [{ name: "a'b", type: { kind: 'boolean' } }] },
        },
      ],
    }
    const codec = compileTableCodec(table)
    expect(codec.readJsonColumns).toBe(`{'it''s': 'STRUCT("a''b" BOOLEAN)'}`)
    expect(codec.selectList).toBe(`"it's"`)
  })

  it('encodes declared columns only, coerced to their types', () => {
    const codec = compileTableCodec(testTable)
    const line = codec.encode({
      p_event_time: '2024-01-02T03:04:05Z',
      id: 12.9,
      message: ['a'],
      score: '1e3',
      ok: 'TRUE',
      detail: { n: 1n, list: [null] },
      user: { name: 'x', 'odd "field" name': 9007199254740993n, session: {} },
      tags: ['a', 1, null],
      resources: [{ arn: 'r' }, 7],
      unknown: 'dropped',
    })
    expect(JSON.parse(line)).toEqual({
      p_event_time: '2024-01-02 03:04:05.000000',
      id: 12,
      message: '["a"]',
      score: 1000,
      ok: true,
      detail: { n: '1', list: [null] },
      user: { name: 'x', 'odd "field" name': '9007199254740993', session: {} },
      tags: ['a', '1', null],
      resources: [{ arn: 'r' }, null],
    })
  })

  it('drops integers outside BIGINT and values that fit no type', () => {
    const codec = compileTableCodec(testTable)
    const line = codec.encode({
      id: '99999999999999999999',
      score: 'abc',
      ok: 2,
      user: [1],
      tags: {},
    })
    expect(JSON.parse(line)).toEqual({})
  })

  it('replaces lone surrogates but keeps pairs and escaped backslashes', () => {
    const codec = compileTableCodec(testTable)
    const line = codec.encode({ message: 'a\ud800b \u{1F600} \\ud800', detail: { k: '\udc00' } })
    expect(JSON.parse(line)).toEqual({
      message: 'a\ufffdb \u{1F600} \\ud800',
      detail: { k: '\ufffd' },
    })
  })

  it('keeps a __proto__ field as data', () => {
    const table: LakeTable = {
      database: 'logs',
      name: 't',
      columns: [
        { name: '__proto__', type: { kind: 'string' } },
        { name: 'constructor', type: { kind: 'string' } },
      ],
    }
    const codec = compileTableCodec(table)
    expect(codec.encode(JSON.parse('{"__proto__": "x"}') as Record<string, unknown>)).toBe(
      '{"__proto__":"x"}',
    )
    expect(codec.encode({})).toBe('{}')
  })
})
