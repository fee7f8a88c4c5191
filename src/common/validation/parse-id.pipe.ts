import { Injectable, PipeTransform } from '@nestjs/common';
import { Resource } from '../errors/common.messages';
import { NotFoundError } from '../errors/domain-error';
import { parseId } from './is-id';

/**
 * Path ids: a string that is not a well-formed id names nothing, so it is a 404 like any
 * unknown id, and a well-formed one is passed on in lower case (`@Param('id', new ParseIdPipe('group'))`).
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  constructor(private readonly resource: Resource) {}

  transform(value: string): string {
    const id = parseId(value);
    if (id === null) throw new NotFoundError(this.resource);
    return id;
  }
}
