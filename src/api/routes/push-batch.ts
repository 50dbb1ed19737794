import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ulid } from 'ulid'
import { AppError, type BatchReport, type ParseFailure } from '../../core/index.js'
import { decodeBody, type HttpSource } from '../../sources/index.js'
import type { ApiServices } from '../services.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** Bytes of this request held in the ingestion memory bound until the response. */
    ingestHold?: { release(): void }
  }
}

/** What is held for a body sent without Content-Length (chunked) until it is read. */
const chunkedGuessBytes = 1024 * 1024

/**
 * Makes an ingest plugin take bodies as raw bytes (framing depends on the source, not the
 * header; HMAC signatures need the bytes as sent) and refuse requests with 503 + Retry-After while
 * ingestion is over its memory bound, before their body is read.
 */
export function pushRequests(
  app: FastifyInstance,
  services: ApiServices,
  sourceOf: (request: FastifyRequest) => HttpSource | undefined,
): void {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: services.maxBodyBytes },
    (_request, body, done) => {
      done(null, body)
    },
  )
  const admission = services.admission
  if (admission === undefined) return
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'POST') return
    const length = Number(request.headers['content-length'])
    const hold = admission.tryHold(Number.isFinite(length) ? length : chunkedGuessBytes)
    if (hold === undefined) {
      sourceOf(request)?.throttled()
      void reply.header('retry-after', String(admission.retryAfterSeconds))
      throw new AppError(
        'INGEST_OVERLOADED',
        `Ingestion is behind and over its memory bound (ingest.maxInFlightBytes); retry in ${String(admission.retryAfterSeconds)} s`,
      )
    }
    request.ingestHold = hold
  })
  const release = async (request: FastifyRequest) => {
    request.ingestHold?.release()
  }
  app.addHook('onResponse', release)
  app.addHook('onRequestAbort', release)
}

/** Decodes a request body (gzip/zstd, UTF-8) with the body size limit. */
export async function bodyText(request: FastifyRequest, services: ApiServices): Promise<string> {
  if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
    throw new AppError('BODY_INVALID', 'The body is empty: send NDJSON or a JSON array')
  }
  const encoding = request.headers['content-encoding']?.toLowerCase()
  return decodeBody(request.body, services.maxBodyBytes, encoding)
}

/** Hands framed records to the sink as one batch of the source. */
export function submitRecords(
  services: ApiServices,
  source: HttpSource,
  framed: { records: string[]; failures: ParseFailure[] },
): Promise<BatchReport> {
  return services.sink.submit({
    id: ulid(),
    sourceId: source.id,
    logType: source.logType,
    records: framed.records,
    receivedAt: new Date(),
    ...(source.candidates === undefined ? {} : { candidates: source.candidates }),
    ...(framed.failures.length === 0 ? {} : { failures: framed.failures }),
  })
}
