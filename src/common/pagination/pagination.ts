import { applyDecorators, Type as ClassType } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  getSchemaPath,
} from '@nestjs/swagger';
import { ToNumber } from '../validation/to-number';
import { IsInt, Max, Min } from 'class-validator';

export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;
/** Keeps the row offset a number PostgreSQL accepts; no list here is that long. */
export const MAX_PAGE = 1_000_000;

/** `page` (from 1, at most 1,000,000) and `per_page` (default 30, max 100): out of range is a 400. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1, example: 1 })
  @ToNumber()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page: number = 1;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_PER_PAGE,
    default: DEFAULT_PER_PAGE,
    example: 30,
  })
  @ToNumber()
  @IsInt()
  @Min(1)
  @Max(MAX_PER_PAGE)
  per_page: number = DEFAULT_PER_PAGE;

  get offset(): number {
    return (this.page - 1) * this.per_page;
  }
}

/** A page of a list; the response interceptor adds its `Link` and `X-Total-Count` headers. */
export class Paginated<T> {
  constructor(
    readonly data: T[],
    readonly page: number,
    readonly per_page: number,
    readonly total_count: number,
  ) {}

  static of<T>(
    data: T[],
    query: { page: number; per_page: number },
    totalCount: number,
  ): Paginated<T> {
    return new Paginated(data, query.page, query.per_page, totalCount);
  }

  map<U>(mapper: (item: T) => U): Paginated<U> {
    return new Paginated(this.data.map(mapper), this.page, this.per_page, this.total_count);
  }
}

class PaginatedEnvelopeDto {
  @ApiProperty({ example: 1 })
  page!: number;

  @ApiProperty({ example: 30 })
  per_page!: number;

  @ApiProperty({ example: 123 })
  total_count!: number;
}

/** Documents a paginated list of `item` with its envelope and headers. */
export function ApiPaginatedResponse(
  item: ClassType<unknown>,
  description = 'One page of the list',
) {
  return applyDecorators(
    ApiExtraModels(PaginatedEnvelopeDto, item),
    ApiOkResponse({
      description,
      headers: {
        Link: {
          description: 'RFC 8288 links: first, prev, next, last',
          schema: { type: 'string' },
        },
        'X-Total-Count': { description: 'Items in the whole list', schema: { type: 'integer' } },
      },
      schema: {
        allOf: [
          { $ref: getSchemaPath(PaginatedEnvelopeDto) },
          {
            type: 'object',
            required: ['data'],
            properties: { data: { type: 'array', items: { $ref: getSchemaPath(item) } } },
          },
        ],
      },
    }),
  );
}
