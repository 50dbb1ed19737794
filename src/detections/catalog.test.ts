import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { catalogEntries, renderDetectionCatalog } from './catalog.js'
import { loadDetections } from './index.js'

describe('docs/detections.md', () => {
  it('is current (regenerate with npm run docs:detections)', async () => {
    const content = new URL('../../content/detections', import.meta.url).pathname
    const { detections } = await loadDetections([content])
    const doc = readFileSync(new URL('../../docs/detections.md', import.meta.url), 'utf8')
    expect(doc).toBe(renderDetectionCatalog(catalogEntries(detections)))
    expect(detections.length).toBeGreaterThan(100)
    for (const d of detections) expect(d.meta.reports['MITRE ATT&CK'], d.meta.id).toBeDefined()
  })
})
