import type { Kysely } from 'kysely'
import { AppError, type Destination, type PluginContext } from '../core/index.js'
import type { Database } from '../platform/store/index.js'
import type { SecretBox } from '../platform/secrets/index.js'
import type { DestinationRoute } from './alert-router.js'
import {
  destinationPlugins,
  validateDestination,
  type DestinationConfigEntry,
  type ValidatedDestination,
} from './destinations/registry.js'
import { secretKeys } from './destinations/secret-fields.js'

/** What the API shows of a destination: secrets masked, where it was defined. */
export interface DestinationView {
  id: string
  type: string
  /** `config`: caracal.yml (read-only here); `api`: created through the API, stored sealed. */
  origin: 'config' | 'api'
  config: Record<string, unknown>
  createdBy: string | null
  updatedAt: string | null
}

/** Every destination, from the config file and from the API, kept live for delivery and routing. */
export interface DestinationCatalog {
  /** Live: the delivery worker sees additions and removals at once. */
  readonly destinations: ReadonlyMap<string, Destination>
  /** Live routing defaults for the alert service. */
  readonly routes: ReadonlyMap<string, DestinationRoute>
  list(): DestinationView[]
  get(id: string): DestinationView
  create(entry: { id: string } & DestinationConfigEntry, actor: string): Promise<DestinationView>
  /** Masked secret values (`********`) in `entry` keep the stored secret. */
  update(id: string, entry: DestinationConfigEntry, actor: string): Promise<DestinationView>
  remove(id: string): Promise<void>
}

/** Shown instead of a secret, and accepted back in updates as "unchanged". */
export const maskedSecret = '********'

interface Entry {
  origin: 'config' | 'api'
  type: string
  raw: Record<string, unknown>
  createdBy: string | null
  updatedAt: string | null
}

/** Opens the catalog: config destinations as given, API ones decrypted from the store. */
export async function openDestinationCatalog(options: {
  db: Kysely<Database>
  box: () => SecretBox
  config: Readonly<Record<string, DestinationConfigEntry>>
  context: (id: string, type: string) => PluginContext
}): Promise<DestinationCatalog> {
  const { db, context } = options
  const destinations = new Map<string, Destination>()
  const routes = new Map<string, DestinationRoute>()
  const entries = new Map<string, Entry>()
  const plugins = new Map(destinationPlugins.map((p) => [p.type, p]))

  const install = (valid: ValidatedDestination, entry: Entry) => {
    destinations.set(
      valid.id,
      valid.plugin.create(valid.config, context(valid.id, valid.plugin.type)),
    )
    routes.set(valid.id, {
      id: valid.id,
      severities: valid.config.severities,
      alertTypes: valid.config.alertTypes,
    })
    entries.set(valid.id, entry)
  }
  const check = (id: string, entry: DestinationConfigEntry): ValidatedDestination => {
    const result = validateDestination(id, entry, plugins)
    if (!result.ok) {
      throw new AppError('VALIDATION_FAILED', result.problems.join('\n'), {
        details: result.problems,
      })
    }
    return result.value
  }
  const secretsOf = (type: string) => {
    const plugin = plugins.get(type)
    return plugin === undefined ? [] : secretKeys(plugin.configSchema)
  }
  const seal = (type: string, raw: Record<string, unknown>) =>
    mapSecrets(raw, secretsOf(type), (v) => options.box().seal(v))
  const unseal = (type: string, raw: Record<string, unknown>) =>
    mapSecrets(raw, secretsOf(type), (v) => options.box().open(v))
  const view = (id: string, entry: Entry): DestinationView => ({
    id,
    type: entry.type,
    origin: entry.origin,
    config: mapSecrets(entry.raw, secretsOf(entry.type), () => maskedSecret),
    createdBy: entry.createdBy,
    updatedAt: entry.updatedAt,
  })
  const editable = (id: string): Entry => {
    const entry = entries.get(id)
    if (entry === undefined) throw new AppError('NOT_FOUND', `No destination ${id}`)
    if (entry.origin === 'config') {
      throw new AppError('CONFLICT', `Destination ${id} is defined in caracal.yml; change it there`)
    }
    return entry
  }

  const fromConfig = Object.entries(options.config).map(([id, entry]) => {
    const result = validateDestination(id, entry, plugins)
    return { id, entry, result }
  })
  const problems = fromConfig.flatMap(({ result }) => (result.ok ? [] : result.problems))
  if (problems.length > 0) {
    throw new AppError('CONFIG_INVALID', problems.join('\n'), { details: problems })
  }
  for (const { entry, result } of fromConfig) {
    if (!result.ok) continue
    const { type, ...raw } = entry
    install(result.value, {
      origin: 'config',
      type,
      raw,
      createdBy: null,
      updatedAt: null,
    })
  }
  for (const row of await db.selectFrom('destinations').selectAll().execute()) {
    if (entries.has(row.id)) continue // the config file wins over a stored copy of the same id
    const raw = unseal(row.type, JSON.parse(row.config) as Record<string, unknown>)
    install(check(row.id, { type: row.type, ...raw }), {
      origin: 'api',
      type: row.type,
      raw,
      createdBy: row.created_by,
      updatedAt: row.updated_at,
    })
  }

  return {
    destinations,
    routes,
    list: () => [...entries].map(([id, entry]) => view(id, entry)),
    get(id) {
      const entry = entries.get(id)
      if (entry === undefined) throw new AppError('NOT_FOUND', `No destination ${id}`)
      return view(id, entry)
    },
    async create(input, actor) {
      const { id, type, ...raw } = input
      if (!/^[a-z0-9_-]+$/i.test(id))
        throw new AppError('VALIDATION_FAILED', 'Destination ids use letters, digits, _ and -')
      if (entries.has(id)) throw new AppError('CONFLICT', `A destination ${id} exists already`)
      const valid = check(id, { type, ...raw })
      const at = new Date().toISOString()
      await db
        .insertInto('destinations')
        .values({
          id,
          type,
          config: JSON.stringify(seal(type, raw)),
          created_by: actor,
          created_at: at,
          updated_at: at,
        })
        .execute()
      install(valid, { origin: 'api', type, raw, createdBy: actor, updatedAt: at })
      return view(id, entries.get(id) as Entry)
    },
    async update(id, input, actor) {
      const current = editable(id)
      const { type, ...given } = input
      // A masked value sent back means "keep the stored secret".
      const raw = Object.fromEntries(
        Object.entries(given).map(([k, v]) => [k, v === maskedSecret ? current.raw[k] : v]),
      )
      const valid = check(id, { type, ...raw })
      const at = new Date().toISOString()
      await db
        .updateTable('destinations')
        .set({ type, config: JSON.stringify(seal(type, raw)), updated_at: at })
        .where('id', '=', id)
        .execute()
      install(valid, {
        origin: 'api',
        type,
        raw,
        createdBy: current.createdBy ?? actor,
        updatedAt: at,
      })
      return view(id, entries.get(id) as Entry)
    },
    async remove(id) {
      editable(id)
      await db.deleteFrom('destinations').where('id', '=', id).execute()
      destinations.delete(id)
      routes.delete(id)
      entries.delete(id)
    },
  }
}

/** Applies `fn` to the secret values of a config (strings, and every value of `headers`). */
function mapSecrets(
  raw: Record<string, unknown>,
  keys: readonly string[],
  fn: (value: string) => string,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw }
  for (const key of keys) {
    const value = out[key]
    if (typeof value === 'string') out[key] = fn(value)
    else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? fn(v) : v]),
      )
    }
  }
  return out
}
