import type { Kysely } from 'kysely'
import type { PackVersion } from '../../contract/index.js'
import type { Database } from '../../platform/store/index.js'
import { toPackRecord, type PackRecord } from './pack-state.js'
import type { PantherPackDefinition } from './panther-pack-definitions.js'

/** The `packs` and `pack_versions` tables. */
export class PackRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async all(): Promise<PackRecord[]> {
    const rows = await this.db.selectFrom('packs').selectAll().orderBy('name').execute()
    return rows.map(toPackRecord)
  }

  async get(name: string): Promise<PackRecord | undefined> {
    const row = await this.db
      .selectFrom('packs')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst()
    return row === undefined ? undefined : toPackRecord(row)
  }

  async children(parent: string): Promise<PackRecord[]> {
    const rows = await this.db
      .selectFrom('packs')
      .selectAll()
      .where('parent', '=', parent)
      .orderBy('name')
      .execute()
    return rows.map(toPackRecord)
  }

  async insert(record: PackRecord): Promise<void> {
    await this.db
      .insertInto('packs')
      .values({
        name: record.name,
        kind: record.kind,
        source: record.source,
        parent: record.parent,
        description: record.description,
        detection_ids: JSON.stringify(record.detectionIds),
        enabled: record.enabled ? 1 : 0,
        overrides: JSON.stringify(record.overrides),
        version: record.version,
        created_at: record.createdAt,
        updated_at: record.updatedAt,
      })
      .execute()
  }

  async setEnabled(name: string, enabled: boolean, at: string): Promise<void> {
    await this.db
      .updateTable('packs')
      .set({ enabled: enabled ? 1 : 0, updated_at: at })
      .where('name', '=', name)
      .execute()
  }

  async setOverrides(name: string, overrides: Record<string, boolean>, at: string): Promise<void> {
    await this.db
      .updateTable('packs')
      .set({ overrides: JSON.stringify(overrides), updated_at: at })
      .where('name', '=', name)
      .execute()
  }

  async versions(pack: string): Promise<PackVersion[]> {
    const rows = await this.db
      .selectFrom('pack_versions')
      .selectAll()
      .where('pack', '=', pack)
      .orderBy('version')
      .execute()
    return rows.map((r) => ({
      version: r.version,
      contentHash: r.content_hash,
      gitCommit: r.git_commit,
      installedAt: r.installed_at,
    }))
  }

  /** Records a new version and makes it the pack's current one. */
  async addVersion(pack: string, version: PackVersion): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('pack_versions')
        .values({
          pack,
          version: version.version,
          content_hash: version.contentHash,
          git_commit: version.gitCommit,
          installed_at: version.installedAt,
        })
        .execute()
      await tx
        .updateTable('packs')
        .set({ version: version.version, updated_at: version.installedAt })
        .where('name', '=', pack)
        .execute()
    })
  }

  /**
   * Makes the Panther pack definitions inside `parent` match `definitions`: new ones are added
   * disabled, existing ones keep their state and take the new id list, vanished ones go.
   */
  async syncDefinitions(
    parent: string,
    definitions: readonly PantherPackDefinition[],
    at: string,
  ): Promise<void> {
    const existing = new Map((await this.children(parent)).map((c) => [c.name, c]))
    for (const d of definitions) {
      const current = existing.get(d.packId)
      existing.delete(d.packId)
      if (current === undefined) {
        await this.insert({
          name: d.packId,
          kind: 'panther-pack',
          source: d.packId,
          parent,
          description: d.description,
          detectionIds: d.detectionIds,
          enabled: false,
          overrides: {},
          version: 0,
          createdAt: at,
          updatedAt: at,
        })
      } else {
        await this.db
          .updateTable('packs')
          .set({
            description: d.description,
            detection_ids: JSON.stringify(d.detectionIds),
            updated_at: at,
          })
          .where('name', '=', d.packId)
          .execute()
      }
    }
    for (const gone of existing.keys()) {
      await this.db.deleteFrom('packs').where('name', '=', gone).execute()
    }
  }

  /** Deletes a pack with its definitions and version history. */
  async remove(name: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('packs').where('parent', '=', name).execute()
      await tx.deleteFrom('packs').where('name', '=', name).execute()
      await tx.deleteFrom('pack_versions').where('pack', '=', name).execute()
    })
  }
}
