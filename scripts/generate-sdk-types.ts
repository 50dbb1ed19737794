/**
 * Writes src/sdk/log-types.generated.ts, the event type of every built-in log type, from the
 * schemas in content/log-types. Run: `npx tsx scripts/generate-sdk-types.ts`. A test fails when
 * the committed file differs from what this produces.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { format, resolveConfig } from 'prettier'
import { builtinLogTypes, renderEventTypes } from '../src/logs/index.js'

/** Where the generated types live. */
export const sdkTypesFile = fileURLToPath(
  new URL('../src/sdk/log-types.generated.ts', import.meta.url),
)

/** The generated file's content, formatted as Prettier would leave it. */
export async function sdkTypes(): Promise<string> {
  const config = (await resolveConfig(sdkTypesFile)) ?? {}
  const source = renderEventTypes(builtinLogTypes().list())
  return format(source, { ...config, parser: 'typescript' })
}

async function main(): Promise<void> {
  // A schema that failed to load has no type: say so, and still write the others.
  for (const e of builtinLogTypes().errors) {
    process.stderr.write(`skipped ${e.file}:${String(e.line)} ${e.message}\n`)
  }
  writeFileSync(sdkTypesFile, await sdkTypes())
  process.stdout.write(
    `wrote ${String(builtinLogTypes().list().length)} event types to ${sdkTypesFile}\n`,
  )
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main()
