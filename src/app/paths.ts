import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The package root: two levels up from both `src/app` and `dist/app`. */
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url))

/** Caracal's version, from package.json. */
export const version = (
  JSON.parse(readFileSync(`${packageRoot}package.json`, 'utf8')) as { version: string }
).version

/** Folders of shipped content, loaded by the same loaders users' content goes through. */
export const contentPaths = {
  detections: `${packageRoot}content/detections`,
  /** Panther data models (`source_ip`, `actor_user`…) for the main log types. */
  dataModels: `${packageRoot}content/data-models`,
  /** The sample data `serve --demo` ingests, listed in its `samples.yml`. */
  demoSamples: `${packageRoot}content/samples/demo`,
}
