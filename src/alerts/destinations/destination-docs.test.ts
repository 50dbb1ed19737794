import { readFileSync } from 'node:fs'
import { format, resolveConfig } from 'prettier'
import { describe, expect, it } from 'vitest'
import { destinationDocsPath, renderDestinationDocs } from './destination-docs.js'
import { destinationPlugins } from './registry.js'

describe('docs/destinations.md', () => {
  it('is up to date with the config schemas (run `npx tsx scripts/generate-destination-docs.ts`)', async () => {
    const options = (await resolveConfig(destinationDocsPath)) ?? {}
    const expected = await format(renderDestinationDocs(destinationPlugins), {
      ...options,
      parser: 'markdown',
    })
    expect(readFileSync(destinationDocsPath, 'utf8')).toBe(expected)
  })

  it('mentions every key of every destination', () => {
    const page = readFileSync(destinationDocsPath, 'utf8')
    for (const plugin of destinationPlugins) {
      expect(page).toContain(`### ${plugin.type}`)
      const shape = (plugin.configSchema as unknown as { shape: Record<string, unknown> }).shape
      for (const key of Object.keys(shape))
        expect(page, `${plugin.type}.${key}`).toContain(`\`${key}\``)
    }
  })
})
