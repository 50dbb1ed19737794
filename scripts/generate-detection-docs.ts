/** Writes docs/detections.md from the detections shipped in content/detections. */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { catalogEntries, loadDetections, renderDetectionCatalog } from '../src/detections/index.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const { detections, errors } = await loadDetections([`${root}content/detections`])
if (errors.length > 0) {
  process.stderr.write(`${errors.map((e) => `${e.file}: ${e.message}`).join('\n')}\n`)
  process.exit(1)
}
writeFileSync(`${root}docs/detections.md`, renderDetectionCatalog(catalogEntries(detections)))
process.stdout.write(`wrote ${detections.length} detections to docs/detections.md\n`)
