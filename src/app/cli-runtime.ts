import { buffer } from 'node:stream/consumers'
import type { CliRuntime, GlobalOptions } from '../cli/index.js'
import { createTokenService } from '../api/index.js'
import { DetectionHealth } from '../detections/index.js'
import { searchIndicators } from '../lake/index.js'
import { loadConfig, type Config } from '../platform/config/index.js'
import { openStore } from '../platform/store/index.js'
import { createLogger } from '../platform/telemetry/index.js'
import { packServiceFor } from './detection-content.js'
import { listDetections, testDetections } from './detection-tests.js'
import { createLogTypeTools } from './log-type-tools.js'
import { version } from './paths.js'
import { replay } from './replay.js'
import { dataPaths, openRuntime } from './runtime.js'
import { openScheduledQueries, type ScheduledQueries } from './scheduled-queries.js'
import { serve } from './serve.js'
import { sniffLogTypes } from './sniff-log-types.js'

/** Reads the config for a command: flags, then `CARACAL_*` environment, then the file. */
function configFor(options: GlobalOptions, env: NodeJS.ProcessEnv): Config {
  return loadConfig({
    file: options.config ?? env.CARACAL_CONFIG,
    env,
    overrides: { data: options.data },
  })
}

/** The CLI's view of Caracal: each command opens the same runtime the server uses. */
export function createCliRuntime(env: NodeJS.ProcessEnv): CliRuntime {
  // Commands other than serve print results; their logs stay quiet unless asked for.
  const logger = (config: Config, fallback: string) =>
    createLogger({ level: config.log.level ?? fallback })
  return {
    version,
    async open(options) {
      const config = configFor(options, env)
      const runtime = await openRuntime(config, logger(config, 'warn'))
      // Opened on first use: it loads content and may start a Python worker.
      let scheduled: Promise<ScheduledQueries> | undefined
      const scheduler = async () => (await (scheduled ??= openScheduledQueries(runtime))).scheduler
      return {
        sink: runtime.sink,
        alerts: runtime.alerts,
        knownLogTypes: runtime.logTypes.list().map((t) => t.name),
        sniffLogTypes: (records) => sniffLogTypes(runtime.logTypes.list(), records),
        deliverPending: () => runtime.delivery.runOnce(),
        replay: (replayOptions) => replay(runtime, replayOptions),
        tokens: createTokenService(runtime.store.db),
        query: (sql) => runtime.lakeReader.execute(sql),
        search: (values, searchOptions) =>
          searchIndicators(runtime.lakeReader, values, {
            ...searchOptions,
            lakeRoot: dataPaths(config).lake,
          }),
        scheduled: {
          list: async () => (await scheduler()).list(),
          runs: async (name, limit) => (await scheduler()).runs(name, limit),
          runNow: async (name) => (await scheduler()).runNow(name),
        },
        close: async () => {
          await (await scheduled)?.close()
          await runtime.close()
        },
      }
    },
    async serve(options) {
      const config = configFor(options, env)
      return serve(config, options, logger(config, 'info'))
    },
    listDetections: (options) => listDetections(configFor(options, env)),
    async openPacks(options) {
      const config = configFor(options, env)
      const store = await openStore({ kind: 'sqlite', path: dataPaths(config).store })
      return { ...packServiceFor(config, store.db), close: () => store.close() }
    },
    async openDetectionHealth(options) {
      const config = configFor(options, env)
      const store = await openStore({ kind: 'sqlite', path: dataPaths(config).store })
      const health = new DetectionHealth(store.db)
      return {
        list: () => health.list(),
        enable: (id) => health.enable(id),
        close: () => store.close(),
      }
    },
    async testDetections(paths, options) {
      const config = configFor(options, env)
      return testDetections(config, paths, options, logger(config, 'warn'))
    },
    logTypeTools(options) {
      return createLogTypeTools(configFor(options, env), () => buffer(process.stdin))
    },
  }
}
