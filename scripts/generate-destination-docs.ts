/** Writes docs/destinations.md from the destination config schemas: `npx tsx scripts/generate-destination-docs.ts`. */
import { writeFileSync } from 'node:fs'
import { format, resolveConfig } from 'prettier'
import {
  destinationDocsPath,
  renderDestinationDocs,
} from '../src/alerts/destinations/destination-docs.js'
import { destinationPlugins } from '../src/alerts/destinations/registry.js'

const options = (await resolveConfig(destinationDocsPath)) ?? {}
const markdown = await format(renderDestinationDocs(destinationPlugins), {
  ...options,
  parser: 'markdown',
})
writeFileSync(destinationDocsPath, markdown)
process.stdout.write(`wrote ${destinationDocsPath}\n`)
