import { Type, type Static } from 'typebox';
import { ROLES, type Role } from './access.js';
import { Instant, InstantQuery, Slug } from './common.schemas.js';

export const RoleName = Type.Unsafe<Role>(Type.String({ enum: [...ROLES] }));

/** Emails are compared lowercased; the form is checked loosely (one @, no spaces). */
export const Email = Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' });
/** Long passphrases welcome; the floor keeps out the trivially guessable. */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;
export const Password = Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH });
/** null: every site of the organisation; a list: those sites only. */
export const SiteScope = Type.Union([Type.Array(Slug, { maxItems: 1000, uniqueItems: true }), Type.Null()]);

/** Failed logins allowed per account and per address within LOGIN_WINDOW_MS before 429. */
export const LOGIN_MAX_FAILURES = 10;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** Name of the console's session cookie (HttpOnly, SameSite=Lax). */
export const SESSION_COOKIE = 'argus_session';

export const LoginBody = Type.Object(
  // Any length on the way in: a login never tells whether a password would be acceptable.
  { email: Type.String({ minLength: 1, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }) },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const AuthUser = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: RoleName,
  orgId: Slug,
  siteIds: SiteScope,
});
export type AuthUser = Static<typeof AuthUser>;

export const LoginResponse = Type.Object({ user: AuthUser });
export type LoginResponse = Static<typeof LoginResponse>;

export const MeResponse = Type.Object({
  user: AuthUser,
  org: Type.Object({ id: Slug, name: Type.String() }),
  /** `session` (console cookie) or `token` (API token: `user` is its creator, `role` and `siteIds` the token's). */
  via: Type.Union([Type.Literal('session'), Type.Literal('token')]),
  /** What this principal may do (contracts/src/access.ts), for the console to show only that. */
  permissions: Type.Array(Type.String()),
});
export type MeResponse = Static<typeof MeResponse>;

/** How a console can sign in: the password form always, single sign-on when configured. */
export const AuthProvidersResponse = Type.Object({
  password: Type.Boolean(),
  sso: Type.Union([Type.Object({ name: Type.String(), loginUrl: Type.String() }), Type.Null()]),
});
export type AuthProvidersResponse = Static<typeof AuthProvidersResponse>;

export const UserIdParams = Type.Object({ id: Type.String({ pattern: '^usr_[A-Za-z0-9_-]{1,64}$' }) });

export const UserRecord = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: RoleName,
  siteIds: SiteScope,
  /** Signs in through single sign-on (no password of its own). */
  sso: Type.Boolean(),
  createdAt: Instant,
  updatedAt: Instant,
  lastLoginAt: Type.Union([Instant, Type.Null()]),
});
export type UserRecord = Static<typeof UserRecord>;

export const UserCreateBody = Type.Object(
  { email: Email, password: Password, role: RoleName, siteIds: Type.Optional(SiteScope) },
  { additionalProperties: false },
);
export type UserCreateBody = Static<typeof UserCreateBody>;

export const UserPatchBody = Type.Object(
  { role: Type.Optional(RoleName), siteIds: Type.Optional(SiteScope), password: Type.Optional(Password) },
  { additionalProperties: false, minProperties: 1 },
);
export type UserPatchBody = Static<typeof UserPatchBody>;

export const UserResponse = Type.Object({ user: UserRecord });
export type UserResponse = Static<typeof UserResponse>;
export const UserListResponse = Type.Object({ users: Type.Array(UserRecord) });
export type UserListResponse = Static<typeof UserListResponse>;

/** API tokens live at most a year; without `expiresAt`, 90 days. */
export const MAX_TOKEN_TTL_MS = 366 * 24 * 3600 * 1000;
export const DEFAULT_TOKEN_TTL_MS = 90 * 24 * 3600 * 1000;

export const TokenIdParams = Type.Object({ id: Type.String({ pattern: '^tok_[A-Za-z0-9_-]{1,64}$' }) });

export const TokenCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    /** Default: the creator's role; never more than it. */
    role: Type.Optional(RoleName),
    /** Default: the creator's sites; never more than them. */
    siteIds: Type.Optional(SiteScope),
    /** ISO 8601, in the future, at most a year ahead; default 90 days. */
    expiresAt: Type.Optional(Instant),
  },
  { additionalProperties: false },
);
export type TokenCreateBody = Static<typeof TokenCreateBody>;

export const TokenRecord = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: RoleName,
  siteIds: SiteScope,
  createdBy: Type.Object({ id: Type.String(), email: Type.String() }),
  createdAt: Instant,
  expiresAt: Instant,
  lastUsedAt: Type.Union([Instant, Type.Null()]),
});
export type TokenRecord = Static<typeof TokenRecord>;

/** The token itself is in this answer only; the cloud keeps its sha256. */
export const TokenCreateResponse = Type.Intersect([TokenRecord, Type.Object({ token: Type.String() })]);
export type TokenCreateResponse = Static<typeof TokenCreateResponse>;
export const TokenListResponse = Type.Object({ tokens: Type.Array(TokenRecord) });
export type TokenListResponse = Static<typeof TokenListResponse>;

export const AUDIT_RESULTS = ['ok', 'denied', 'failed'] as const;
export const AuditRecord = Type.Object({
  id: Type.String(),
  at: Instant,
  /** `user:<email>`, `token:<name> (<id>)`, `agent:<id>`, `anonymous`, `system`. */
  actor: Type.String(),
  /** Dotted, area first: `auth.login`, `auth.login-failed`, `user.create`, `live.view`, … */
  action: Type.String(),
  /** What was acted on: an email, `camera:cam-1`, `token:tok_…`, … */
  target: Type.Union([Type.String(), Type.Null()]),
  /** The caller's address as the cloud saw it. */
  address: Type.Union([Type.String(), Type.Null()]),
  result: Type.Unsafe<(typeof AUDIT_RESULTS)[number]>(Type.String({ enum: [...AUDIT_RESULTS] })),
});
export type AuditRecord = Static<typeof AuditRecord>;

export const AuditQuery = Type.Object({
  from: Type.Optional(InstantQuery),
  to: Type.Optional(InstantQuery),
  /** Exact actor (`user:a@b.c`) or its part after the colon. */
  actor: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  /** Exact action, or a prefix ending in `.` (`auth.`). */
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
});
export type AuditQuery = Static<typeof AuditQuery>;
export const AuditListResponse = Type.Object({ entries: Type.Array(AuditRecord) });
export type AuditListResponse = Static<typeof AuditListResponse>;
