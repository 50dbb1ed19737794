import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { parseDocument } from 'yaml'
import { z } from 'zod'
import { AppError, describeError } from '../../core/index.js'

/** A Panther pack definition (`AnalysisType: pack`): a named set of detection ids. */
export interface PantherPackDefinition {
  packId: string
  description: string
  detectionIds: string[]
  file: string
}

const definition = z.looseObject({
  AnalysisType: z.literal('pack'),
  PackID: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/, 'must be a Panther id'),
  DisplayName: z.string().optional(),
  Description: z.string().optional(),
  PackDefinition: z.object({ IDs: z.array(z.string().min(1)).min(1) }),
})

/**
 * The pack definitions in `packs/*.yml` of a folder in the layout of Panther's detection
 * repository; `[]` without a `packs/` folder. A broken definition fails the whole install, so a
 * pack never half-appears.
 */
export async function readPantherPackDefinitions(root: string): Promise<PantherPackDefinition[]> {
  let names: string[]
  try {
    names = (await readdir(join(root, 'packs'))).filter((n) => /\.ya?ml$/.test(n)).sort()
  } catch {
    return []
  }
  const packs: PantherPackDefinition[] = []
  for (const name of names) {
    const file = join(root, 'packs', name)
    const fail = (message: string) =>
      new AppError('PACK_INVALID', `packs/${name}: ${message}`, { details: { file } })
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (err) {
      throw fail(`cannot be read: ${describeError(err)}`)
    }
    const doc = parseDocument(text, { version: '1.2', schema: 'core' })
    if (doc.errors.length > 0) throw fail(`invalid YAML: ${doc.errors[0]?.message ?? ''}`)
    const parsed = definition.safeParse(doc.toJS())
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw fail(`key '${issue?.path.join('.') ?? ''}': ${issue?.message ?? 'invalid'}`)
    }
    const spec = parsed.data
    packs.push({
      packId: spec.PackID,
      description: spec.Description ?? spec.DisplayName ?? '',
      detectionIds: [...new Set(spec.PackDefinition.IDs)],
      file,
    })
  }
  return packs
}
