export { createProgram } from './program.js'
export type {
  CliRuntime,
  CliServices,
  CliOutput,
  GlobalOptions,
  ServeOptions,
  RunningServer,
} from './runtime.js'
