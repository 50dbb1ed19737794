import type { z } from 'zod'
import type { Logger, Metrics } from './telemetry.js'

/** What a plugin receives when it is built. */
export interface PluginContext {
  /** The component id from the config (`destinations.<id>`). */
  id: string
  logger: Logger
  metrics: Metrics
}

/** A kind of source, destination or scanner: chosen in config by `type:`. */
export interface Plugin<Schema extends z.ZodType, Instance> {
  type: string
  summary: string
  /** Validates the component's config; `.describe()` on every field documents it. */
  configSchema: Schema
  create(config: z.infer<Schema>, context: PluginContext): Instance
}
