/**
 * A request refused as a whole: the HTTP status to answer and a Vietnamese sentence saying why,
 * with the seconds to wait for a 429 (sent as Retry-After). The upload forms and the officials
 * import each throw their own subclass, so each is caught by its own type.
 */
export class RefusedRequest extends Error {
  readonly status: number;
  /** For a 429: seconds to wait before trying again. */
  readonly retryAfterSeconds?: number;
  constructor(status: number, message: string, retryAfterSeconds?: number) {
    super(message);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
