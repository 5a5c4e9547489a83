import { GraphQLScalarType, Kind } from 'graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { isIsoDate } from '../dates';

/** `Date`: a calendar day, YYYY-MM-DD (business dates are days, never instants). */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: '日期 YYYY-MM-DD · A calendar date, YYYY-MM-DD',
  serialize(value) {
    if (typeof value === 'string' && isIsoDate(value)) return value;
    throw new TypeError(`Date cannot represent ${JSON.stringify(value)}`);
  },
  parseValue(value) {
    if (typeof value === 'string' && isIsoDate(value)) return value;
    throw new TypeError(
      `日期 ${JSON.stringify(value)} 无效，应为 YYYY-MM-DD · ${JSON.stringify(value)} is not a date (YYYY-MM-DD)`,
    );
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING && isIsoDate(ast.value)) return ast.value;
    const shown = ast.kind === Kind.STRING ? ast.value : ast.kind;
    throw new TypeError(`日期 "${shown}" 无效，应为 YYYY-MM-DD · "${shown}" is not a date (YYYY-MM-DD)`);
  },
});

/** `JSON`: any JSON value (the interchange document). */
export const JSONScalar = GraphQLJSON;
