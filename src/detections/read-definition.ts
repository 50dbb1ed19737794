import { Script } from 'node:vm'

/** How long a detection's top-level code may run while its metadata is read. */
const evaluationTimeoutMs = 2_000

const noop = (): void => undefined
/** Console calls at a detection's top level are ignored rather than breaking the load. */
const silentConsole = { log: noop, info: noop, warn: noop, error: noop, debug: noop, trace: noop }

/**
 * Evaluates a bundled detection (as CommonJS: `vm.Script` runs scripts, not modules) in a fresh
 * V8 context, with a time limit, and returns its default export. The context has only JavaScript
 * built-ins (plus a few web globals), no `process`, `require` or `import()`: reading metadata
 * never lets user code touch the server process.
 */
export function readDefaultExport(
  script: string,
  file: string,
): { ok: true; value: unknown } | { ok: false; message: string } {
  const module = { exports: {} as Record<string, unknown> }
  const context = {
    module,
    exports: module.exports,
    console: silentConsole,
    URL,
    URLSearchParams,
    TextEncoder,
    TextDecoder,
    atob,
    btoa,
    structuredClone,
  }
  try {
    new Script(script, { filename: file }).runInNewContext(context, {
      timeout: evaluationTimeoutMs,
      microtaskMode: 'afterEvaluate',
    })
  } catch (err) {
    return { ok: false, message: `evaluating the module failed: ${describeThrown(err)}` }
  }
  return { ok: true, value: module.exports.default }
}

/** Errors from another V8 context fail `instanceof Error`, so read their fields structurally. */
function describeThrown(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'message' in err) {
    const name = 'name' in err ? String(err.name) : 'Error'
    return `${name}: ${String(err.message)}`
  }
  return String(err)
}
