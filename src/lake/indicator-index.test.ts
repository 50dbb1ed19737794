import { describe, expect, it } from 'vitest'
import { IndicatorIndex, indexPathOf, type IndexedRow } from './indicator-index.js'

const at = (second: number) => `2026-11-01 10:00:${String(second).padStart(2, '0')}.000000`
const columns = ['p_any_ip_addresses', 'p_any_usernames']
// A row's values: its addresses, then its user names.
const row = (ips: string[], users: string[] = []) => [ips, users]
const ip = (...values: string[]) => row(values)
const user = (...values: string[]) => row([], values)
const rows = (values: unknown[][], times?: (string | undefined)[]): IndexedRow[] =>
  values.map((v, i) => ({ time: times === undefined ? at(i) : times[i], values: v }))

/** Looks a value up the way a search does: the header, then the one block that may hold it. */
function lookUp(bytes: Uint8Array, column: string, value: string) {
  const index = IndicatorIndex.parse(bytes)
  if (!(index instanceof IndicatorIndex)) throw new Error('not an index')
  const key = index.keyOf(column, value)
  const block = key === undefined ? undefined : index.blockOf(key)
  if (key === undefined || block === undefined) return undefined
  return IndicatorIndex.find(bytes.subarray(block[0], block[1]), key)
}

describe('IndicatorIndex', () => {
  it('counts the rows of each value and names their chunks, per column', async () => {
    const bytes = await IndicatorIndex.build(
      columns,
      rows([row(['10.0.0.1'], ['alice']), ip('10.0.0.2'), ip('10.0.0.1'), user('10.0.0.2')]),
      2,
      'AWS.CloudTrail',
    )
    expect(lookUp(bytes, 'p_any_ip_addresses', '10.0.0.1')).toMatchObject({
      count: 2,
      chunks: [0, 1],
    })
    expect(lookUp(bytes, 'p_any_ip_addresses', '10.0.0.2')).toMatchObject({ count: 1, chunks: [0] })
    // The same text in another column is another value.
    expect(lookUp(bytes, 'p_any_usernames', '10.0.0.2')).toMatchObject({ count: 1, chunks: [1] })
    expect(lookUp(bytes, 'p_any_usernames', 'bob')).toBeUndefined()
    expect(lookUp(bytes, 'p_any_aws_arns', 'alice')).toBeUndefined()
    const index = IndicatorIndex.parse(bytes) as IndicatorIndex
    expect(index.logType).toBe('AWS.CloudTrail')
    expect(index.time).toEqual([at(0), at(3)])
    expect(index.chunks).toEqual([
      [at(0), at(1)],
      [at(2), at(3)],
    ])
  })

  it('counts a row once however often it holds a value, and only rows with a time', async () => {
    const bytes = await IndicatorIndex.build(
      columns,
      rows([ip('a', 'a'), ip('a'), [['a', 7, null]]], [at(0), undefined, at(2)]),
      2,
    )
    expect(lookUp(bytes, 'p_any_ip_addresses', 'a')).toMatchObject({ count: 2, chunks: [0, 1] })
    const index = IndicatorIndex.parse(bytes) as IndicatorIndex
    // A chunk with a row without time has no range: a search reads the whole file for it.
    expect(index.chunks).toEqual([undefined, [at(2), at(2)]])
    expect(index.time).toEqual([at(0), at(2)])
  })

  it('finds every value of an index of many blocks, and no value it lacks', async () => {
    const values = Array.from({ length: 5000 }, (_, i) => `10.${String(i % 7)}.${String(i)}.1`)
    const bytes = await IndicatorIndex.build(
      columns,
      values.map((v, i) => ({ time: at(i % 60), values: row([v], [`user-${String(i)}`]) })),
      1000,
    )
    const index = IndicatorIndex.parse(bytes) as IndicatorIndex
    const blockOf = (v: string) => index.blockOf(index.keyOf(columns[0] ?? '', v) ?? '')?.[0]
    expect(new Set(values.map(blockOf)).size).toBeGreaterThan(10)
    for (const [i, v] of values.entries()) {
      expect(lookUp(bytes, 'p_any_ip_addresses', v)).toMatchObject({
        count: 1,
        chunks: [Math.floor(i / 1000)],
      })
    }
    // Values between, before and after the stored ones, and prefixes of them.
    for (const v of ['10.0.0.0', '10.3.5000.1', '0', '9', 'zzz', '10.1.1', '10.1.1.1x']) {
      expect(lookUp(bytes, 'p_any_ip_addresses', v)).toBeUndefined()
    }
    expect(lookUp(bytes, 'p_any_usernames', 'user-4999')).toMatchObject({ count: 1 })
  })

  it('keeps values of any length and script', async () => {
    const long = 'x'.repeat(70_000)
    // U+E000 and above sort after astral characters as text, before them as UTF-8.
    const values = ['ümlaut', '名前', long, `${long}y`, '😀', '😁', '\uE000x', 'ｱ', 'Ａ']
    const bytes = await IndicatorIndex.build(columns, rows(values.map((v) => user(v))), 4)
    for (const v of values) expect(lookUp(bytes, 'p_any_usernames', v)).toMatchObject({ count: 1 })
    expect(lookUp(bytes, 'p_any_usernames', 'x'.repeat(69_999))).toBeUndefined()
  })

  it('asks for more bytes when given too few for the header, and refuses what is not an index', async () => {
    const bytes = await IndicatorIndex.build(columns, rows([ip('a')]), 1)
    expect(IndicatorIndex.parse(bytes.subarray(0, 10))).toBeGreaterThan(10)
    expect(IndicatorIndex.parse(new Uint8Array([2, 0, 0, 0, 1, 0, 0, 0]))).toBeUndefined()
    expect(IndicatorIndex.parse(new Uint8Array([1]))).toBeUndefined()
    expect(indexPathOf('/lake/logs/t/year=2024/x.parquet')).toBe('/lake/logs/t/year=2024/x.index')
  })
})
