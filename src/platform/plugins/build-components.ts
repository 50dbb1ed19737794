import type { z } from 'zod'
import { AppError, type Plugin, type PluginContext } from '../../core/index.js'

/** A config entry of a component section: `type` picks the plugin. */
export type ComponentEntry = { type: string } & Record<string, unknown>

/**
 * Builds every component of a config section (`sources`, `destinations`, …) with its plugin,
 * checking each entry with the plugin's schema and reporting all problems at once.
 */
export function buildComponents<Instance>(
  section: string,
  plugins: readonly Plugin<z.ZodType, Instance>[],
  entries: Readonly<Record<string, ComponentEntry>>,
  context: (id: string, type: string) => PluginContext,
): Map<string, Instance> {
  const byType = new Map(plugins.map((p) => [p.type, p]))
  const problems: string[] = []
  const built = new Map<string, Instance>()
  for (const [id, entry] of Object.entries(entries)) {
    const plugin = byType.get(entry.type)
    if (plugin === undefined) {
      problems.push(
        `${section}.${id}.type: unknown type ${JSON.stringify(entry.type)} (known: ${[...byType.keys()].join(', ')})`,
      )
      continue
    }
    const parsed = plugin.configSchema.safeParse(entry)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push(`${[section, id, ...issue.path.map(String)].join('.')}: ${issue.message}`)
      }
      continue
    }
    built.set(id, plugin.create(parsed.data, context(id, entry.type)))
  }
  if (problems.length > 0) {
    throw new AppError('CONFIG_INVALID', problems.join('\n'), { details: problems })
  }
  return built
}
