import { stat } from 'node:fs/promises'
import { listPartitionFiles, sealedSuffix } from './lake-files.js'

/** What one merge may take. */
export interface MergeLimits {
  /** Files below this many bytes count as small. */
  smallFileBytes: number
  /** Input bytes merged into one file at most. */
  maxMergeBytes: number
}

/** An open partition's small live files, oldest first, up to the merge size. */
export async function smallInputs(dir: string, limits: MergeLimits): Promise<string[]> {
  const files = (await sizedFiles(dir)).filter((f) => f.size < limits.smallFileBytes)
  return upTo(files, limits.maxMergeBytes, 2)
}

/**
 * The inputs that seal a closed partition: its unsealed files (late events written after an
 * earlier sealing among them) with the small sealed ones, oldest first, up to the merge size;
 * none once every file is sealed, so a sealed hour is never rewritten for nothing.
 */
export async function sealInputs(dir: string, limits: MergeLimits): Promise<string[]> {
  const files = await sizedFiles(dir)
  const sealed = (name: string) => name.endsWith(sealedSuffix)
  // Unsealed files first, so every pass seals at least one of them.
  const candidates = [
    ...files.filter((f) => !sealed(f.name)),
    ...files.filter((f) => sealed(f.name) && f.size < limits.smallFileBytes),
  ]
  if (candidates[0] === undefined || sealed(candidates[0].name)) return []
  return upTo(candidates, limits.maxMergeBytes, 1)
}

async function sizedFiles(dir: string): Promise<{ name: string; size: number }[]> {
  return Promise.all(
    (await listPartitionFiles(dir, '')).map(async (f) => ({
      name: f.name,
      size: (await stat(f.path)).size,
    })),
  )
}

/** The first files, in order, within `maxBytes` once `atLeast` of them are taken. */
function upTo(
  files: readonly { name: string; size: number }[],
  maxBytes: number,
  atLeast: number,
): string[] {
  const picked: string[] = []
  let bytes = 0
  for (const { name, size } of files) {
    if (picked.length >= atLeast && bytes + size > maxBytes) break
    picked.push(name)
    bytes += size
  }
  return picked
}
