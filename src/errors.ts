/**
 * An expected failure a member should read as it is: nothing found, no permission, an expired button.
 * The router shows its message ephemerally and does not log it as an error. Anything else thrown is a
 * bug: logged with an error id, and the member sees only the id.
 */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}

export function isUserFacingError(error: unknown): error is UserFacingError {
  return error instanceof UserFacingError;
}
