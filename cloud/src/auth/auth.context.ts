import { contextPlugin } from '../http/context-plugin.js';
import { authRoutes, type AuthRoutesOptions } from './auth.routes.js';
import { oidcRoutes, type OidcRoutesOptions } from './oidc.routes.js';
import { tokensRoutes, type TokensRoutesOptions } from './tokens.routes.js';
import { usersRoutes, type UsersRoutesOptions } from './users.routes.js';

export type AuthContextOptions = AuthRoutesOptions & UsersRoutesOptions & TokensRoutesOptions & OidcRoutesOptions;

/** Sign-in (password and single sign-on), sessions, users and API tokens. */
export const authContext = contextPlugin<AuthContextOptions>('accounts', ['argus-auth', 'argus-audit'], authRoutes, usersRoutes, tokensRoutes, oidcRoutes);
