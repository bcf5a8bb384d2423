/** One base error for everything the domain refuses; the HTTP edge maps each kind to a status in one place. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
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
  constructor(message: string) {
    super('conflict', message);
  }
}

export class RateLimitedError extends DomainError {
  constructor(message = 'Too many requests; try again later') {
    super('rate_limited', message);
  }
}

/** Something that existed and is gone for good (an answered or expired survey link); says why in both languages. */
export class GoneError extends DomainError {
  constructor(
    code: string,
    message: string,
    readonly messageAr: string,
  ) {
    super(code, message);
  }
}
