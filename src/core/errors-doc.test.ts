import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { errorCodes } from '../contract/index.js'
import { errorCatalog } from './errors.js'

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8')

describe('docs/errors.md', () => {
  it.each(errorCodes)('documents %s with its status and category', (code) => {
    const entry = errorCatalog[code]
    expect(doc).toContain(`| \`${code}\` | ${entry.status} | ${entry.category} |`)
  })
  it('documents no code that does not exist', () => {
    const documented = [...doc.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1])
    expect(documented.sort()).toEqual([...errorCodes].sort())
  })
})
