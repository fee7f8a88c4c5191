import { ClassifiedError } from '../common/errors/error-renderers';

/**
 * One line for a vendor's single message field: the native message, then each field's problem
 * that says more than it (a validation error names every bad field this way).
 */
export function vendorMessage(error: ClassifiedError): string {
  const extra = [...new Set(error.details.map((detail) => detail.message))].filter(
    (message) => message !== error.message,
  );
  return extra.length > 0 ? `${error.message}: ${extra.join('; ')}` : error.message;
}
