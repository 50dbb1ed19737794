import type { PluginContext } from '../core/index.js'
import { buildComponents, type ComponentEntry } from '../platform/plugins/index.js'
import { FileSource, fileSourcePlugin } from './file/index.js'
import { HttpSource, httpSourcePlugin } from './http/index.js'
import { S3Source, s3SourcePlugin } from './s3/index.js'
import { SyslogSource, syslogSourcePlugin } from './syslog/index.js'

/** Every source plugin. Adding one is one folder and one line here. */
export const sourcePlugins = [
  httpSourcePlugin,
  syslogSourcePlugin,
  fileSourcePlugin,
  s3SourcePlugin,
] as const

/** The sources the plugins build. */
export type AnySource = HttpSource | SyslogSource | FileSource | S3Source

/** Builds the configured sources, reporting every config problem at once. */
export function buildSources(
  entries: Readonly<Record<string, ComponentEntry>>,
  context: (id: string, type: string) => PluginContext,
): Map<string, AnySource> {
  return buildComponents<AnySource>('sources', sourcePlugins, entries, context)
}
