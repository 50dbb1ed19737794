import type { DetectionMeta, EventRecord } from '../core/index.js'

/** A unit test of a detection: running the rule on `event` must return `expect`. */
export interface DetectionTest {
  name: string
  expect: boolean
  event: EventRecord
}

/** A validated, bundled TypeScript detection, ready for an engine. */
export interface LoadedDetection {
  meta: DetectionMeta
  /** The self-contained ESM bundle whose default export is the rule definition. */
  code: string
  /** The tests shipped in the definition; kept out of `DetectionMeta` because only runners need them. */
  tests: readonly DetectionTest[]
}

/** Why one file could not be loaded; other files load regardless. */
export interface LoadError {
  file: string
  message: string
}

/** What `loadDetections` found: every detection that loaded, and a precise error for every one that did not. */
export interface LoadResult {
  detections: LoadedDetection[]
  errors: LoadError[]
}
