export { createCliRuntime } from './cli-runtime.js'
export { openRuntime, type Runtime } from './runtime.js'
export { serve } from './serve.js'
export { version } from './paths.js'
