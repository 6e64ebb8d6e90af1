// The named errors of streamlab's own code (the Lambdas have theirs): each one
// says how it is answered, so a caller tests its class, never its message.

/** Bad input from the learner: one line, and exit code 2 (scripts) or a 4xx (the console). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** An error about the environment (nothing deployed, emulator down): one line, and exit code 1. */
export class SetupError extends Error {
  override name = 'SetupError';
}

/** A request the lab console refuses: HTTP 400 with the message. */
export class BadRequest extends Error {
  override name = 'BadRequest';
}
