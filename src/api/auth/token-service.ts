import { createHash, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { ulid } from 'ulid'
import { AppError } from '../../core/index.js'
import type { Database } from '../../platform/store/index.js'

/** Who a request acts as. */
export interface Principal {
  tokenId: string
  name: string
  role: string
}

/** API tokens: random, shown once at creation, stored only as a SHA-256 hash. */
export interface TokenService {
  /** Creates the first admin token when no token exists; returns it (once) or undefined. */
  ensureAdminToken(): Promise<string | undefined>
  /** Creates a token for a person or a sender; names are unique (they appear in timelines). */
  create(name: string, role: string): Promise<string>
  verify(token: string): Promise<Principal | undefined>
  list(): Promise<{ id: string; name: string; role: string; createdAt: string }[]>
}

const tokenPrefix = 'cct_'

/** Builds the token service over the metadata store. */
export function createTokenService(
  db: Kysely<Database>,
  now: () => Date = () => new Date(),
): TokenService {
  const create = async (name: string, role: string): Promise<string> => {
    const taken = await db
      .selectFrom('api_tokens')
      .select('id')
      .where('name', '=', name)
      .executeTakeFirst()
    if (taken !== undefined) {
      throw new AppError('CONFLICT', `A token named ${JSON.stringify(name)} exists already`)
    }
    const token = tokenPrefix + randomBytes(32).toString('base64url')
    await db
      .insertInto('api_tokens')
      .values({
        id: ulid(),
        name,
        token_hash: hashToken(token),
        role,
        created_at: now().toISOString(),
        last_used_at: null,
      })
      .execute()
    return token
  }

  return {
    create,
    async ensureAdminToken() {
      const existing = await db.selectFrom('api_tokens').select('id').limit(1).executeTakeFirst()
      return existing === undefined ? create('admin', 'admin') : undefined
    },
    async list() {
      const rows = await db
        .selectFrom('api_tokens')
        .select(['id', 'name', 'role', 'created_at'])
        .orderBy('created_at')
        .execute()
      return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, createdAt: r.created_at }))
    },
    async verify(token) {
      // A high-entropy random token needs no slow hash: SHA-256 lookup is safe and constant-cost.
      const row = await db
        .selectFrom('api_tokens')
        .select(['id', 'name', 'role'])
        .where('token_hash', '=', hashToken(token))
        .executeTakeFirst()
      return row === undefined ? undefined : { tokenId: row.id, name: row.name, role: row.role }
    },
  }
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
