import type { PluginContext } from '../core/index.js'
import { buildComponents, type ComponentEntry } from '../platform/plugins/index.js'
import { HttpSource, httpSourcePlugin } from './http/index.js'

/** Every source plugin. Adding one is one folder and one line here. */
export const sourcePlugins = [httpSourcePlugin] as const

/** The sources the plugins build. */
export type AnySource = HttpSource

/** Builds the configured sources, reporting every config problem at once. */
export function buildSources(
  entries: Readonly<Record<string, ComponentEntry>>,
  context: (id: string, type: string) => PluginContext,
): Map<string, AnySource> {
  return buildComponents<AnySource>('sources', sourcePlugins, entries, context)
}
