import type { ApiServices } from '../api/index.js'
import type { Runtime } from './runtime.js'

/** `/v1/log-types`: the runtime's registry, with custom schemas' accepted versions. */
export function logTypeService(
  runtime: Pick<Runtime, 'logTypes' | 'customSchemas'>,
): NonNullable<ApiServices['logTypes']> {
  const { logTypes, customSchemas } = runtime
  return {
    async list() {
      const versions = await customSchemas.liveVersions()
      return {
        logTypes: logTypes.list().map((t) => ({
          name: t.name,
          description: t.description,
          custom: t.name.startsWith('Custom.'),
          fields: t.spec.fields.length,
          version: versions.get(t.name) ?? null,
          file: t.name.startsWith('Custom.') ? (t.file ?? null) : null,
        })),
        errors: [...logTypes.errors],
      }
    },
    async put(name, schema) {
      const { version, created } = await customSchemas.put(name, schema)
      return { name, version: version.version, created }
    },
    versions: (name) => customSchemas.versions(name),
  }
}
