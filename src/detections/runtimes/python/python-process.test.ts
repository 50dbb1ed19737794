import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultInterpreter, pythonRuntimeDir } from './engine.js'
import { PythonProcess, type PythonResults } from './python-process.js'

/** Echoes back, as the title, the `text` field of the events it matches. */
const code = `
def rule(event):
    return event.get("kind") == "echo"


def title(event):
    return event.get("text")
`

const workDir = mkdtempSync(join(tmpdir(), 'caracal-python-process-'))
let worker: PythonProcess
beforeAll(async () => {
  worker = new PythonProcess({
    interpreter: defaultInterpreter(),
    pythonPath: pythonRuntimeDir(),
    workDir,
    markerFile: join(workDir, 'marker'),
    init: {
      memoryMb: 512,
      globals: [],
      dataModels: [],
      detections: [
        {
          index: 0,
          id: 'Echo',
          name: 'Echo',
          file: 'echo.py',
          code,
          severity: 'LOW',
          logTypes: ['T'],
        },
      ],
    },
    timeoutMs: 5000,
    startTimeoutMs: 30_000,
    onOutput: () => undefined,
    onState: () => undefined,
  })
  expect(await worker.start()).toEqual([])
})
afterAll(async () => {
  await worker.close()
  rmSync(workDir, { recursive: true, force: true })
})

async function run(events: unknown[], start = 0): Promise<PythonResults[]> {
  const chunks: PythonResults[] = []
  const outcome = await worker.run(
    { logType: 'T', eventsJson: JSON.stringify(events), start, skips: [] },
    (chunk) => chunks.push(chunk),
  )
  expect(outcome).toEqual({ kind: 'done' })
  return chunks
}

describe('PythonProcess batch framing', () => {
  it('carries text JSON leaves unescaped (newlines, U+2028, non-ASCII) to the rules intact', async () => {
    const texts = ['two\nlines', 'line\u2028separator', 'é 漢字 🦊', '"quoted" \\ back']
    const events = [...texts.map((text) => ({ kind: 'echo', text })), { kind: 'other' }]
    const chunks = await run(events)
    expect(chunks.at(-1)?.upTo).toBe(events.length)
    const matches = chunks.flatMap((c) => c.matches)
    expect(matches.map((m) => [m.event, m.title])).toEqual(texts.map((t, i) => [i, t]))
  })

  it('resumes from `start`, still counting the events before it', async () => {
    const events = [0, 1, 2].map((i) => ({ kind: 'echo', text: String(i) }))
    const chunks = await run(events, 2)
    expect(chunks.at(-1)?.upTo).toBe(3)
    expect(chunks.flatMap((c) => c.matches).map((m) => m.event)).toEqual([2])
  })

  it('keeps serving after an empty batch', async () => {
    expect((await run([])).flatMap((c) => c.matches)).toEqual([])
    expect((await run([{ kind: 'echo', text: 'again' }]))[0]?.matches[0]?.title).toBe('again')
  })
})
