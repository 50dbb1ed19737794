/**
 * Writes docs/log-types/<name>.md for every built-in log type, plus an index, from the schemas in
 * content/log-types. Run: `npx tsx scripts/generate-log-type-docs.ts`. A test fails when the
 * committed pages differ from what this produces.
 */
import { readdirSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { format, resolveConfig } from 'prettier'
import {
  builtinLogTypes,
  logTypeDocFile,
  renderLogTypeDoc,
  renderLogTypeIndex,
} from '../src/logs/index.js'

/** Where the generated pages live. */
export const docsDir = fileURLToPath(new URL('../docs/log-types/', import.meta.url))

/** Every generated page, file name → content, formatted as Prettier would leave it. */
export async function logTypeDocs(): Promise<Map<string, string>> {
  const config = (await resolveConfig(`${docsDir}README.md`)) ?? {}
  const markdown = (text: string) => format(text, { ...config, parser: 'markdown' })
  const logTypes = builtinLogTypes().list()
  const pages = new Map<string, string>([
    ['README.md', await markdown(renderLogTypeIndex(logTypes))],
  ])
  for (const logType of logTypes) {
    pages.set(logTypeDocFile(logType.name), await markdown(renderLogTypeDoc(logType)))
  }
  return pages
}

async function main(): Promise<void> {
  const pages = await logTypeDocs()
  for (const file of readdirSync(docsDir)) {
    if (file.endsWith('.md') && !pages.has(file)) rmSync(`${docsDir}${file}`)
  }
  for (const [file, text] of pages) writeFileSync(`${docsDir}${file}`, text)
  process.stdout.write(`wrote ${pages.size} pages to ${docsDir}\n`)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main()
