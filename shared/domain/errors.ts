/** One base error for everything the domain refuses; the HTTP edge maps each kind to a status in one place. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** Facts the client may act on (seconds to wait, attempts left, the reason in Arabic), sent beside the message. */
  details?: Record<string, string | number>;

  /** When trying again later may succeed: how long to wait (an HTTP Retry-After). */
  readonly retryAfterSeconds?: number;
}

/**
 * An item that names something not here yet (an edit, reaction or delivery report that overtook its message):
 * refused for now so the provider delivers it again. Expected, not a fault: logged as a warning.
 */
export class AheadOfMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AheadOfMessageError';
  }
}

export interface FieldError {
  field: string;
  code: string;
  messageAr: string;
  messageEn: string;
}

export class ValidationError extends DomainError {
  constructor(
    readonly fields: FieldError[],
    message = 'The request has invalid fields',
  ) {
    super('validation_failed', message);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super('not_found', `${what} was not found`);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'Sign-in required') {
    super('unauthorized', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'Your role does not allow this') {
    super('forbidden', message);
  }
}

export class ConflictError extends DomainError {
  /** A specific `code` and the Arabic reason, when the client shows the refusal to people (opted-out number). */
  constructor(message: string, options: { code?: string; messageAr?: string } = {}) {
    super(options.code ?? 'conflict', message);
    if (options.messageAr) this.details = { messageAr: options.messageAr, messageEn: message };
  }
}

export class RateLimitedError extends DomainError {
  constructor(
    message = 'Too many requests; try again later',
    override readonly retryAfterSeconds?: number,
    messageAr?: string,
  ) {
    super('rate_limited', message);
    if (retryAfterSeconds !== undefined || messageAr)
      this.details = {
        ...(retryAfterSeconds !== undefined && { retryAfterSeconds }),
        ...(messageAr && { messageAr, messageEn: message }),
      };
  }
}

/** An Idempotency-Key sent again with another request than the one it first came with. */
export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super(
      'idempotency_key_reused',
      'This Idempotency-Key came with another request before; send a new key with a new request',
    );
    this.details = { messageAr: 'أُرسل هذا الطلب من قبل بمحتوى مختلف؛ أعيدوا الإرسال من النموذج من جديد' };
  }
}

/**
 * What was asked for existed but is gone for good (a used or expired one-time code, an answered or expired survey
 * link); a specific `code` and the Arabic reason may say which.
 */
export class GoneError extends DomainError {
  constructor(message: string, options: { code?: string; messageAr?: string } = {}) {
    super(options.code ?? 'gone', message);
    if (options.messageAr) this.details = { messageAr: options.messageAr, messageEn: message };
  }
}

/** A request body in a format the route does not read; `accepted` names the ones it does. */
export class UnsupportedMediaTypeError extends DomainError {
  constructor(accepted: readonly string[]) {
    super('unsupported_media_type', `Send the body as one of: ${accepted.join(', ')}`);
    this.details = {
      accepted: accepted.join(', '),
      messageAr: 'صيغة الطلب غير مقبولة؛ أرسلوا الحقول بصيغة JSON أو كما يرسلها نموذج الصفحة',
      messageEn: this.message,
    };
  }
}

/** A received file that will never be fetched as it is (too large, gone from the provider): not worth a retry. */
export class MediaUnavailableError extends DomainError {
  constructor(message: string) {
    super('media_unavailable', message);
  }
}

/** The file is larger than the society takes: the sender is told, so they can send it smaller. */
export class MediaTooLargeError extends MediaUnavailableError {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than the ${Math.round(maxBytes / 1024 / 1024)} MB cap`);
  }
}
