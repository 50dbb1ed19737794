/** Detections: loading TypeScript and Panther-format Python content, and running it in pools. */
export { loadDetections } from './loader.js'
export {
  createTypeScriptEngine,
  type TypeScriptEngineOptions,
} from './runtimes/typescript/engine.js'
export {
  createPythonEngine,
  defaultInterpreter,
  pythonRuntimeDir,
  type PythonEngineOptions,
} from './runtimes/python/engine.js'
export { DetectionStateStore } from './runtimes/python/state-store.js'
export { StoreDetectionState, type DetectionState } from './runtimes/python/store-state.js'
export {
  withAutoDisable,
  type AutoDisableOptions,
  type DisableableEngine,
} from './runtimes/auto-disable.js'
export { DetectionHealth, type AutoDisabled } from './health.js'
export {
  createCompositeEngine,
  ruleErrorAlertScope,
  ruleErrorBatchScope,
  withRuleErrorSink,
  type RuleErrorAlertScope,
  type RuleErrorBatch,
  type RuleErrorSink,
} from './runtimes/composite-engine.js'
export { loadPantherContent } from './panther/index.js'
export { parseAnalysis } from './panther/index.js'
export type {
  AnyDetection,
  DetectionTest,
  InertAnalysis,
  LoadedDetection,
  LoadError,
  LoadResult,
  PantherContent,
  PantherTest,
  PythonDataModel,
  PythonDetection,
  PythonGlobal,
} from './types.js'
export {
  runDetectionTests,
  type DetectionTestReport,
  type FunctionResult,
  type TestCaseResult,
  type TestContent,
  type TestOutcome,
  type TestReport,
  type TestRunOptions,
  type TestSelection,
} from './testing/index.js'
export { catalogEntries, renderDetectionCatalog, type CatalogEntry } from './catalog.js'
export {
  createPackService,
  installedPackGroups,
  loadDetectionSet,
  type DetectionGroup,
  type DetectionSet,
  type PackService,
} from './packs/index.js'
