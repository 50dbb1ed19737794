import type { FastifyRequest } from 'fastify'
import { AppError } from '../../core/index.js'
import type { ApiServices } from '../services.js'
import { bearerToken } from './bearer.js'

declare module 'fastify' {
  interface FastifyRequest {
    principal?: { name: string; role: string }
  }
}

/**
 * The `/v1` guard: a valid API token, or, on `POST /v1/ingest/<id>`, that source's own token.
 * Authentication comes before anything else, so unknown routes and sources leak nothing.
 */
export function requireToken(services: Pick<ApiServices, 'tokens' | 'sources'>) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = bearerToken(request.headers.authorization)
    if (token === undefined) {
      throw new AppError('UNAUTHORIZED', 'Send an API token: Authorization: Bearer <token>')
    }
    const sourceId = ingestSourceId(request)
    const source = sourceId === undefined ? undefined : services.sources.get(sourceId)
    if (source?.acceptsToken(token) === true) {
      request.principal = { name: `source:${source.id}`, role: 'ingest' }
      return
    }
    const principal = await services.tokens.verify(token)
    if (principal === undefined) throw new AppError('UNAUTHORIZED', 'The bearer token is not valid')
    request.principal = principal
  }
}

function ingestSourceId(request: FastifyRequest): string | undefined {
  if (request.method !== 'POST') return undefined
  const match = /^\/v1\/ingest\/([^/?]+)/.exec(request.url)
  return match?.[1] === undefined ? undefined : decodeURIComponent(match[1])
}
