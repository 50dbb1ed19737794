import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { docsDir, logTypeDocs } from '../../../scripts/generate-log-type-docs.js'

const regenerate = 'stale: run `npx tsx scripts/generate-log-type-docs.ts`'

describe('docs/log-types', () => {
  const generated = logTypeDocs()

  it('matches what the schemas generate', async () => {
    const pages = await generated
    const onDisk = readdirSync(docsDir).filter((f) => f.endsWith('.md'))
    expect(onDisk.sort(), regenerate).toEqual([...pages.keys()].sort())
    for (const [file, text] of pages) {
      const path = `${docsDir}${file}`
      expect(existsSync(path) ? readFileSync(path, 'utf8') : '', `${file} ${regenerate}`).toBe(text)
    }
  })

  it('documents each field with its type, indicators and description', async () => {
    const page = (await generated).get('aws-cloudtrail.md') ?? ''
    expect(page).toMatch(
      /\| `eventTime` +\| timestamp \(rfc3339\) +\| yes +\| +\| When the request/,
    )
    expect(page).toMatch(/\| `resources\[\]\.ARN` +\| string +\| +\| aws_arn +\|/)
  })
})
