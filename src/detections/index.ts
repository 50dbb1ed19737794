/** TypeScript detections: loading them from folders and running them in a worker pool. */
export { loadDetections } from './loader.js'
export {
  createTypeScriptEngine,
  type TypeScriptEngineOptions,
} from './runtimes/typescript/engine.js'
export type { DetectionTest, LoadedDetection, LoadError, LoadResult } from './types.js'
