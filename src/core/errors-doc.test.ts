import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { errorCodes } from '../contract/index.js'
import { errorCatalog } from './errors.js'

/** The rows of the table in docs/errors.md: code → [status, category, meaning]. */
function documentedRows(): Map<string, string[]> {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8')
  const rows = new Map<string, string[]>()
  for (const line of doc.split('\n')) {
    const cells = line.split('|').map((c) => c.trim())
    const code = /^`([A-Z_]+)`$/.exec(cells[1] ?? '')?.[1]
    if (code !== undefined) rows.set(code, cells.slice(2, 5))
  }
  return rows
}

describe('docs/errors.md', () => {
  const rows = documentedRows()
  it.each(errorCodes)('documents %s with its status, category and meaning', (code) => {
    const entry = errorCatalog[code]
    expect(rows.get(code)).toEqual([String(entry.status), entry.category, entry.summary])
  })
  it('documents no code that does not exist', () => {
    expect([...rows.keys()].sort()).toEqual([...errorCodes].sort())
  })
})
