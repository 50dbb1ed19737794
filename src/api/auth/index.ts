export { createTokenService, type TokenService, type Principal } from './token-service.js'
export { bearerToken } from './bearer.js'
