import { describe, expect, it } from 'vitest'
import { deadline } from './deadline.js'

describe('deadline', () => {
  it('aborts at the time limit, and says so', async () => {
    const d = deadline(undefined, 20)
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(d.signal.aborted).toBe(true)
    expect(d.timedOut).toBe(true)
  })

  it('aborts with the parent, which is not a timeout', () => {
    const parent = new AbortController()
    const d = deadline(parent.signal, 10_000)
    parent.abort()
    expect(d.signal.aborted).toBe(true)
    expect(d.timedOut).toBe(false)
    d.dispose()
  })

  it('still fires after garbage collection pressure', async () => {
    const d = deadline(new AbortController().signal, 30)
    // Allocate enough to trigger collections while the deadline runs.
    for (let i = 0; i < 50; i += 1) new Array(100_000).fill(i)
    await new Promise((resolve) => setTimeout(resolve, 80))
    expect(d.signal.aborted).toBe(true)
  })
})
