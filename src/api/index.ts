export { buildApi } from './app.js'
export type { ApiServices } from './services.js'
export { createTokenService, type TokenService, type Principal } from './auth/index.js'
