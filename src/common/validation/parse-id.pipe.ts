import { Injectable, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { Resource } from '../errors/common.messages';
import { NotFoundError } from '../errors/domain-error';

/**
 * Path ids: a string that is not a well-formed id names nothing, so it is a 404 like any
 * unknown id (`@Param('id', new ParseIdPipe('group'))`).
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  constructor(private readonly resource: Resource) {}

  transform(value: string): string {
    if (!isUUID(value)) throw new NotFoundError(this.resource);
    return value;
  }
}
