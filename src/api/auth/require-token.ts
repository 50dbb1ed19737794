import type { FastifyRequest } from 'fastify'
import { AppError } from '../../core/index.js'
import { otlpSource, sourceHeader, type HttpSource } from '../../sources/index.js'
import type { ApiServices } from '../services.js'
import { bearerToken } from './bearer.js'

declare module 'fastify' {
  interface FastifyRequest {
    principal?: { name: string; role: string }
    /** A source whose HMAC signature header must match the raw body (see `requireSignature`). */
    signedFor?: HttpSource
  }
}

/**
 * The `/v1` guard: a valid API token, or, on `POST /v1/ingest/<id>` and `POST /v1/logs`, that
 * source's own credentials (bearer token, basic auth, or an HMAC signature checked once the body
 * is read). Authentication comes before anything else, so unknown routes and sources leak nothing.
 */
export function requireToken(services: Pick<ApiServices, 'tokens' | 'sources'>) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = bearerToken(request.headers.authorization)
    const source = ingestSource(request, services.sources)
    if (source !== undefined) {
      const verdict = source.auth.check(request.headers, token)
      if (verdict.kind === 'rejected') throw new AppError('SOURCE_UNAUTHORIZED', verdict.reason)
      if (verdict.kind === 'accepted' || verdict.kind === 'signed') {
        request.principal = { name: `source:${source.id}`, role: 'ingest' }
        if (verdict.kind === 'signed') request.signedFor = source
        return
      }
    }
    const configured = source?.auth.configured === true
    if (token === undefined) {
      if (configured) {
        throw new AppError(
          'SOURCE_UNAUTHORIZED',
          `Source ${source.id} expects ${source.auth.expected}`,
        )
      }
      throw new AppError('UNAUTHORIZED', 'Send an API token: Authorization: Bearer <token>')
    }
    const principal = await services.tokens.verify(token)
    if (principal === undefined) {
      if (configured) {
        throw new AppError(
          'SOURCE_UNAUTHORIZED',
          `The bearer token is neither an API token nor accepted by source ${source.id}, which expects ${source.auth.expected}`,
        )
      }
      throw new AppError('UNAUTHORIZED', 'The bearer token is not valid')
    }
    request.principal = principal
  }
}

/**
 * The `/v1` pre-handler completing HMAC auth: the signature must match the raw body as received
 * (before decompression). Runs after body parsing and before any route handler.
 */
export async function requireSignature(request: FastifyRequest): Promise<void> {
  const source = request.signedFor
  if (source === undefined) return
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
  if (!source.auth.verifySignature(request.headers, body)) {
    throw new AppError(
      'SOURCE_UNAUTHORIZED',
      `The signature does not match the body; source ${source.id} expects ${source.auth.expected}`,
    )
  }
}

/** The push source a request sends to, if it is an ingest request naming a known source. */
function ingestSource(
  request: FastifyRequest,
  sources: ReadonlyMap<string, HttpSource>,
): HttpSource | undefined {
  if (request.method !== 'POST') return undefined
  const path = request.url.split('?')[0] ?? ''
  if (path === '/v1/logs') {
    try {
      return otlpSource(sources, request.headers[sourceHeader])
    } catch {
      return undefined // the route reports it, once the sender proved who it is
    }
  }
  const match = /^\/v1\/ingest\/([^/]+)$/.exec(path)
  if (match?.[1] === undefined) return undefined
  try {
    return sources.get(decodeURIComponent(match[1]))
  } catch {
    return undefined
  }
}
