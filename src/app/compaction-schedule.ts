import type { Logger, Metrics } from '../core/index.js'
import { openCompactor, type Compactor } from '../lake/index.js'
import type { Config } from '../platform/config/index.js'

const mib = 1024 * 1024

/**
 * Runs lake compaction passes in the background, one at a time, every `intervalSeconds`; the
 * first pass also finishes compactions a crash interrupted. Resolves to a stop function that
 * waits for the running pass to give up.
 */
export async function scheduleCompaction(
  config: Config,
  lakeRoot: string,
  logger: Logger,
  metrics: Metrics,
): Promise<() => Promise<void>> {
  const settings = config.lake.compaction
  if (!settings.enabled) return () => Promise.resolve()
  const log = logger.child({ component_id: 'compaction', component_type: 'lake' })
  const compactor: Compactor = await openCompactor({
    root: lakeRoot,
    minFiles: settings.minFiles,
    smallFileBytes: settings.smallFileMb * mib,
    maxMergeBytes: settings.maxMergeMb * mib,
    graceMs: settings.graceSeconds * 1000,
    ...(settings.seal.enabled && {
      seal: { afterMs: settings.seal.afterMinutes * 60_000, zstdLevel: settings.seal.zstdLevel },
    }),
    logger: log,
    metrics,
  })
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  const run = (): void => {
    compactor
      .runOnce()
      .catch((err: unknown) => {
        if (!stopped) log.error({ err }, 'Lake compaction pass failed; will try again')
      })
      .finally(() => {
        if (stopped) return
        timer = setTimeout(run, settings.intervalSeconds * 1000)
        timer.unref()
      })
  }
  run()
  return async () => {
    stopped = true
    clearTimeout(timer)
    await compactor.close()
  }
}
