import type { CloudErrorCode } from '@argus/contracts';
import type { ApiRequestError } from '../api/api-client.js';

/**
 * What the login form says when signing in fails. The cloud gives the same
 * answer for an unknown email and a wrong password (so the form cannot be
 * used to probe for accounts), and a 429 with Retry-After once an account or
 * address has failed too often.
 */

const LOGIN_FAILED: CloudErrorCode = 'CLD_ERR_LOGIN_FAILED';
const RATE_LIMITED: CloudErrorCode = 'CLD_ERR_RATE_LIMITED';

export function loginErrorMessage(error: Pick<ApiRequestError, 'status' | 'code' | 'message' | 'retryAfterSeconds'>): string {
  if (error.code === RATE_LIMITED || error.status === 429) {
    if (error.retryAfterSeconds === undefined) return 'Too many attempts, try again later';
    const minutes = Math.max(1, Math.ceil(error.retryAfterSeconds / 60));
    return `Too many attempts, try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  }
  if (error.code === LOGIN_FAILED) return 'Wrong email or password';
  if (error.status === 0) return `Cannot reach the cloud: ${error.message}`;
  return error.message;
}
