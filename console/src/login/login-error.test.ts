import { describe, expect, it } from 'vitest';
import { loginErrorMessage } from './login-error.js';

const error = (status: number, code: string, retryAfterSeconds?: number) => ({ status, code, message: 'from the API', retryAfterSeconds });

describe('login error message', () => {
  it('says wrong email or password for a refused login, whichever was wrong', () => {
    expect(loginErrorMessage(error(401, 'CLD_ERR_LOGIN_FAILED'))).toBe('Wrong email or password');
  });

  it('turns Retry-After seconds into whole minutes, rounded up', () => {
    expect(loginErrorMessage(error(429, 'CLD_ERR_RATE_LIMITED', 900))).toBe('Too many attempts, try again in 15 minutes');
    expect(loginErrorMessage(error(429, 'CLD_ERR_RATE_LIMITED', 61))).toBe('Too many attempts, try again in 2 minutes');
    expect(loginErrorMessage(error(429, 'CLD_ERR_RATE_LIMITED', 5))).toBe('Too many attempts, try again in 1 minute');
    expect(loginErrorMessage(error(429, 'CLD_ERR_RATE_LIMITED'))).toBe('Too many attempts, try again later');
  });

  it("shows other errors with the API's own message", () => {
    expect(loginErrorMessage(error(400, 'CLD_ERR_VALIDATION'))).toBe('from the API');
    expect(loginErrorMessage(error(0, 'CONSOLE_ERR_NETWORK'))).toBe('Cannot reach the cloud: from the API');
  });
});
