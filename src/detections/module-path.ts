import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { AppError } from '../core/index.js'

/**
 * Finds a sibling source module by its extension-less path relative to `base` (an
 * `import.meta.url`): `.ts` when Caracal runs from its sources (tsx, vitest), `.js` from `dist/`.
 */
export function resolveModuleFile(base: string, relative: string): string {
  for (const ext of ['.ts', '.js']) {
    const file = fileURLToPath(new URL(relative + ext, base))
    if (existsSync(file)) return file
  }
  throw new AppError('INTERNAL', `Module ${relative} not found (.ts or .js) next to ${base}`)
}
