import { ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { isValidTimeZone } from '../time/time-format';

@ValidatorConstraint({ name: 'isTimeZone' })
export class IsTimeZone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isValidTimeZone(value);
  }

  defaultMessage(): string {
    return '$property must be an IANA time zone such as Asia/Shanghai';
  }
}
