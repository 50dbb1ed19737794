import type { Plugin } from '../../core/index.js'
import { fileSourceConfig } from './config.js'
import { FileSource } from './file-source.js'

/** The `file` source plugin. */
export const fileSourcePlugin: Plugin<typeof fileSourceConfig, FileSource> = {
  type: 'file',
  summary: 'Follows growing files like tail -F (globs, rotation, truncation, stored offsets).',
  configSchema: fileSourceConfig,
  create: (config, context) => new FileSource(context.id, config, context),
}
export { FileSource }
