import { describe, expect, it } from 'vitest'
import { withLookback } from './lookback-sql.js'

const from = new Date('2026-01-01T00:00:00Z')
const to = new Date('2026-01-01T01:00:00Z')
const filter = `p_occurs_between('2026-01-01T00:00:00.000Z', '2026-01-01T01:00:00.000Z')`
const bounded = (table: string) => `(SELECT * FROM ${table} WHERE ${filter})`

describe('withLookback', () => {
  it('bounds a lake table, keeping its name as the alias', () => {
    expect(withLookback('SELECT * FROM panther_logs.aws_cloudtrail WHERE x = 1', from, to)).toBe(
      `SELECT * FROM ${bounded('panther_logs.aws_cloudtrail')} AS aws_cloudtrail WHERE x = 1`,
    )
  })

  it('keeps an alias the query gives, with or without AS', () => {
    const sql =
      'SELECT a.x FROM panther_logs.okta_systemlog a JOIN panther_views.all_logs AS b ON a.x = b.x'
    expect(withLookback(sql, from, to)).toBe(
      `SELECT a.x FROM ${bounded('panther_logs.okta_systemlog')} a ` +
        `JOIN ${bounded('panther_views.all_logs')} AS b ON a.x = b.x`,
    )
  })

  it('handles quoted names, any case, and every lake schema', () => {
    expect(
      withLookback('select 1 from "panther_logs"."My_Table", PANTHER_RULE_MATCHES.t', from, to),
    ).toBe(
      `select 1 from ${bounded('"panther_logs"."My_Table"')} AS "My_Table", ` +
        `${bounded('PANTHER_RULE_MATCHES.t')} AS t`,
    )
  })

  it('leaves literals, comments, other schemas and column references alone', () => {
    const sql = [
      "SELECT 'panther_logs.x' AS s, panther_logs.t.col -- panther_logs.y",
      '/* panther_logs.z */ FROM information_schema.tables, my_panther_logs.t',
    ].join('\n')
    expect(withLookback(sql, from, to)).toBe(sql)
  })
})
