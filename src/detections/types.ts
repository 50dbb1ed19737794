import type { DetectionMeta, EventRecord } from '../core/index.js'

/** A unit test of a detection: running the rule on `event` must return `expect`. */
export interface DetectionTest {
  name: string
  expect: boolean
  event: EventRecord
}

/** A validated, bundled TypeScript detection, ready for an engine. */
export interface LoadedDetection {
  /** Absent on records built before Python detections existed: TypeScript is the default. */
  runtime?: 'typescript'
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

/** A unit test in Panther's format (`Tests` in the analysis YAML). */
export interface PantherTest {
  name: string
  expectedResult: boolean
  /** `Log` for rules, `Resource` for policies. */
  input: EventRecord
  mocks: readonly { objectName: string; returnValue: unknown }[]
}

/** A Panther-format Python rule, scheduled rule or policy: YAML metadata plus its `.py` body. */
export interface PythonDetection {
  runtime: 'python'
  analysisType: 'rule' | 'scheduled_rule' | 'policy'
  meta: DetectionMeta
  /** The Python source named by `Filename`; `meta.file` is its path. */
  code: string
  /** The YAML file that declared it. */
  specFile: string
  tests: readonly PantherTest[]
}

/** A global helper module, importable by detections under its `GlobalID`. */
export interface PythonGlobal {
  id: string
  file: string
  code: string
}

/** A Panther data model: unified field names mapped by `Path` or `Method` for one log type. */
export interface PythonDataModel {
  id: string
  file: string
  enabled: boolean
  logTypes: readonly string[]
  mappings: readonly { name: string; path?: string; method?: string }[]
  /** The `.py` body holding `Method` mappings, if any. */
  code: string | undefined
}

/** An analysis item Caracal validates but does not run yet (scheduled queries, packs). */
export interface InertAnalysis {
  analysisType: string
  id: string
  file: string
  /** Its `Enabled` (true when absent), or what an installed pack decides for it. */
  enabled: boolean
}

/** What `loadPantherContent` found; broken files are errors and never stop the others. */
export interface PantherContent {
  detections: PythonDetection[]
  globals: PythonGlobal[]
  dataModels: PythonDataModel[]
  inert: InertAnalysis[]
  errors: LoadError[]
}

/** Any loaded detection, told apart by `runtime`. */
export type AnyDetection = LoadedDetection | PythonDetection
