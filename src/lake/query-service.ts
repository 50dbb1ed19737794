import { ulid } from 'ulid'
import type { QueryResultsPage, QueryStatus } from '../contract/index.js'
import { AppError } from '../core/index.js'
import { deadline } from '../platform/abort/index.js'
import type { LakeReader, QueryResult } from './lake-reader.js'

/** Runs lake queries in the background: submit, poll, page through results, cancel. */
export interface QueryService {
  submit(sql: string, options?: { timeoutMs?: number }): QueryStatus
  status(id: string): QueryStatus
  results(id: string, offset: number, limit: number): QueryResultsPage
  cancel(id: string): QueryStatus
  /** Waits for a query to finish (for tests and the CLI). */
  settled(id: string): Promise<QueryStatus>
}

/** Limits of the query service. */
export interface QueryServiceOptions {
  reader: LakeReader
  /** Default time limit per query (default 60 s). */
  timeoutMs?: number
  /** Finished queries kept for their results (default 200, oldest dropped first). */
  retain?: number
}

interface Job {
  status: QueryStatus
  result: QueryResult | undefined
  controller: AbortController
  done: Promise<void>
}

/** Builds the query service over a lake reader (whose sandbox bounds memory and files). */
export function createQueryService(options: QueryServiceOptions): QueryService {
  const jobs = new Map<string, Job>()
  const defaultTimeout = options.timeoutMs ?? 60_000
  const retain = options.retain ?? 200

  const find = (id: string): Job => {
    const job = jobs.get(id)
    if (job === undefined)
      throw new AppError(
        'NOT_FOUND',
        `No query ${id} (results are kept for the last ${retain} queries)`,
      )
    return job
  }

  const run = async (job: Job, sql: string, timeoutMs: number): Promise<void> => {
    const started = Date.now()
    const limit = deadline(job.controller.signal, timeoutMs)
    const signal = limit.signal
    try {
      job.result = await options.reader.execute(sql, signal)
      finish(job, started, 'succeeded', null)
    } catch (err) {
      if (job.controller.signal.aborted) finish(job, started, 'cancelled', null)
      else if (limit.timedOut) {
        finish(job, started, 'failed', {
          code: 'QUERY_TIMEOUT',
          message: `The query ran over ${timeoutMs / 1000} s and was stopped`,
        })
      } else {
        const code = err instanceof AppError ? err.code : 'INTERNAL'
        finish(job, started, 'failed', { code, message: (err as Error).message })
      }
    } finally {
      limit.dispose()
    }
  }

  const finish = (
    job: Job,
    started: number,
    state: QueryStatus['state'],
    error: QueryStatus['error'],
  ) => {
    job.status = {
      ...job.status,
      state,
      error,
      finishedAt: new Date().toISOString(),
      elapsedMs: Date.now() - started,
      rowCount: job.result?.rows.length ?? null,
      truncated: job.result?.truncated ?? false,
    }
  }

  const forgetOld = () => {
    const finished = [...jobs].filter(([, j]) => j.status.state !== 'running')
    for (const [id] of finished.slice(0, Math.max(0, finished.length - retain))) jobs.delete(id)
  }

  return {
    submit(sql, submitOptions = {}) {
      forgetOld()
      const id = ulid()
      const job: Job = {
        status: {
          id,
          sql,
          state: 'running',
          submittedAt: new Date().toISOString(),
          finishedAt: null,
          elapsedMs: null,
          rowCount: null,
          truncated: false,
          error: null,
        },
        result: undefined,
        controller: new AbortController(),
        done: Promise.resolve(),
      }
      jobs.set(id, job)
      job.done = run(job, sql, submitOptions.timeoutMs ?? defaultTimeout)
      return job.status
    },
    status: (id) => find(id).status,
    results(id, offset, limit) {
      const job = find(id)
      if (job.status.state !== 'succeeded' || job.result === undefined) {
        throw new AppError(
          'VALIDATION_FAILED',
          `Query ${id} is ${job.status.state}; results exist once it has succeeded`,
        )
      }
      const { columns, rows, truncated } = job.result
      return {
        columns,
        rows: rows.slice(offset, offset + limit),
        offset,
        total: rows.length,
        truncated,
      }
    },
    cancel(id) {
      const job = find(id)
      if (job.status.state === 'running') job.controller.abort()
      return job.status
    },
    async settled(id) {
      const job = find(id)
      await job.done
      return job.status
    },
  }
}
