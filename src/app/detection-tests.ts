import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import type { Logger } from '../core/index.js'
import {
  catalogEntries,
  loadDetectionSet,
  runDetectionTests,
  type DetectionGroup,
  type CatalogEntry,
  type TestReport,
  type TestSelection,
} from '../detections/index.js'
import type { Config } from '../platform/config/index.js'
import { PrometheusMetrics } from '../platform/telemetry/index.js'
import { builtinDirs, loadDetectionsWithPacks } from './detection-content.js'
import { contentPaths } from './paths.js'
import { dataPaths } from './runtime.js'

/**
 * `caracal test`: loads detections from `paths` (default: the configured folders, built-in
 * content included) and runs their tests on the engines' worker pools. Opens no store or lake.
 */
export async function testDetections(
  config: Config,
  paths: readonly string[],
  selection: TestSelection,
  logger: Logger,
): Promise<TestReport> {
  // Named paths are tested with the shipped data models, which their Python helpers may use.
  const groups: DetectionGroup[] =
    paths.length > 0
      ? [
          { pack: 'builtin', dirs: config.detections.builtin ? [contentPaths.dataModels] : [] },
          { pack: null, dirs: paths.map(analysisFile) },
        ]
      : [
          { pack: 'builtin', dirs: builtinDirs(config) },
          { pack: null, dirs: config.detections.dirs },
        ]
  const { typescript, panther } = await loadDetectionSet(
    groups.filter((g) => g.dirs.length > 0),
    { cacheDir: config.cacheDir },
  )
  const { interpreter, memoryMb } = config.detections.python
  return runDetectionTests(
    { typescript, panther },
    {
      ...selection,
      workers: config.detections.workers ?? Math.max(1, availableParallelism()),
      timeoutMs: config.detections.timeoutMs,
      memoryMb,
      ...(interpreter === undefined ? {} : { interpreter }),
      logger: logger.child({ component_id: 'detections', component_type: 'detections' }),
      metrics: new PrometheusMetrics(),
    },
  )
}

/** A Panther rule's `.py` names the YAML beside it, which is what declares the rule and its tests. */
function analysisFile(path: string): string {
  if (!path.endsWith('.py')) return path
  const base = path.slice(0, -3)
  const yaml = [`${base}.yml`, `${base}.yaml`].find((p) => existsSync(p))
  return resolve(yaml ?? path)
}

/** `caracal detections`: built-in content, configured folders and installed packs, as the catalog lists it. */
export async function listDetections(config: Config): Promise<{
  detections: CatalogEntry[]
  errors: { file: string; message: string }[]
}> {
  const { typescript, panther, packOf } = await loadDetectionsWithPacks(
    config,
    dataPaths(config).store,
  )
  return {
    detections: catalogEntries([...typescript.detections, ...panther.detections], packOf),
    errors: [...typescript.errors, ...panther.errors],
  }
}
