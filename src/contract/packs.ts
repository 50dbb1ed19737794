import { z } from 'zod'

/** Pack names: letters, digits, `.`, `_`, `-`; Panther PackIDs fit. */
export const packNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/

/** One install or update of a pack's content. */
export const PackVersion = z.object({
  version: z.number().int(),
  contentHash: z.string().describe('SHA-256 over the content’s relative paths and bytes'),
  gitCommit: z.string().nullable().describe('The commit cloned, for git packs'),
  installedAt: z.string(),
})
export type PackVersion = z.infer<typeof PackVersion>

/** A detection a pack holds, and whether it runs. */
export const PackDetection = z.object({
  id: z.string(),
  name: z.string(),
  runtime: z.enum(['typescript', 'python']),
  logTypes: z.array(z.string()),
  enabled: z.boolean(),
})
export type PackDetection = z.infer<typeof PackDetection>

/** An installed pack, or a Panther pack definition inside one (`kind: panther-pack`, `parent`). */
export const Pack = z.object({
  name: z.string(),
  kind: z.enum(['folder', 'zip', 'git', 'panther-pack']),
  source: z.string(),
  parent: z.string().nullable(),
  description: z.string(),
  enabled: z.boolean(),
  version: PackVersion,
  versions: z.array(PackVersion).describe('Every install and update, oldest first'),
  definitions: z.array(z.string()).describe('Panther pack definitions found inside this pack'),
  detections: z.array(PackDetection),
})
export type Pack = z.infer<typeof Pack>

/** A detection enabled for log types no configured source ingests. */
export const PackWarning = z.object({
  detectionId: z.string(),
  logTypes: z.array(z.string()).describe('Its log types without a configured source'),
  message: z.string(),
})
export type PackWarning = z.infer<typeof PackWarning>

/** The outcome of installing, updating, enabling or disabling a pack. */
export const PackChange = z.object({
  pack: Pack,
  /** False when an update fetched the same content again. */
  changed: z.boolean(),
  warnings: z.array(PackWarning),
  loadErrors: z.array(z.object({ file: z.string(), message: z.string() })),
})
export type PackChange = z.infer<typeof PackChange>

/** `POST /v1/packs`. */
export const AddPackInput = z.object({
  source: z.string().min(1).describe('A folder or .zip on the server, or a git URL'),
  name: z
    .string()
    .regex(packNamePattern, 'letters, digits, ".", "_" and "-"')
    .optional()
    .describe('Default: the folder, zip or repository name'),
})
export type AddPackInput = z.infer<typeof AddPackInput>

/** `POST /v1/packs/:name/enable|disable`: the whole pack, or one of its detections. */
export const TogglePackInput = z.object({
  detection: z.string().min(1).optional(),
})
export type TogglePackInput = z.infer<typeof TogglePackInput>
