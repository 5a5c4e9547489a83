import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  isUnionType,
  visit,
  type ASTVisitor,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type ValidationContext,
} from 'graphql';
import { AppError } from '../errors';

/**
 * Input that GraphQL itself lets through but that would otherwise fail deep inside as an internal error
 * (all found by the HTTP fuzz, test/ops/fuzz.test.ts): refused up front, with a message the client can act on.
 */

/** An operation of a type the schema does not have (shudi has no subscriptions): refused at validation. */
export function operationTypeRule(context: ValidationContext): ASTVisitor {
  const schema = context.getSchema();
  return {
    OperationDefinition(op) {
      const root =
        op.operation === 'query'
          ? schema.getQueryType()
          : op.operation === 'mutation'
            ? schema.getMutationType()
            : schema.getSubscriptionType();
      if (!root) {
        context.reportError(
          new GraphQLError(`不支持 ${op.operation} 操作 · this schema has no ${op.operation} operations`, { nodes: [op] }),
        );
      }
    },
  };
}

/** PostgreSQL text and jsonb cannot hold U+0000, nor can UTF-8 encode a lone surrogate. */
const BAD_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Input values nest at most this deep (an interchange document needs 5); deeper ones overflow recursive code. */
export const MAX_INPUT_DEPTH = 64;

export interface InputProblem {
  path: string;
  kind: 'text' | 'depth';
}

/** The first string (value or key) in `value` that PostgreSQL cannot store, or nesting past MAX_INPUT_DEPTH. Iterative. */
export function inputProblem(value: unknown, root: string): InputProblem | null {
  const stack: [unknown, string, number][] = [[value, root, 0]];
  while (stack.length > 0) {
    const [v, path, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (BAD_TEXT.test(v)) return { path, kind: 'text' };
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_INPUT_DEPTH) return { path, kind: 'depth' };
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`, depth + 1]);
      } else {
        for (const [k, x] of Object.entries(v)) {
          if (BAD_TEXT.test(k)) return { path: `${path}.${k.replace(BAD_TEXT, '?')}`, kind: 'text' };
          stack.push([x, `${path}.${k}`, depth + 1]);
        }
      }
    }
  }
  return null;
}

/** Whether `value` holds only text PostgreSQL can store, nested no deeper than MAX_INPUT_DEPTH. */
export const storable = (value: unknown): boolean => inputProblem(value, '') === null;

const inputError = ({ path, kind }: InputProblem) =>
  new GraphQLError(
    kind === 'text'
      ? `${path}: 文本不能包含 NUL 字符（U+0000）或不成对的代理项 · text must not contain NUL (U+0000) or unpaired surrogates`
      : `${path}: 嵌套超过 ${MAX_INPUT_DEPTH} 层 · nested deeper than ${MAX_INPUT_DEPTH} levels`,
    {
      extensions: {
        code: 'BAD_USER_INPUT',
        reason: 'INPUT_INVALID',
        problems: [{ path, message: kind === 'text' ? 'invalid text' : 'nested too deep' }],
        http: { status: 400 },
      },
    },
  );

/** Refuses, before execution, variables and string literals PostgreSQL cannot store, and variables nested too deep. */
export function storableInputPlugin(): ApolloServerPlugin {
  // The literals are the document's: walked once per distinct document (Apollo reuses the parsed one).
  const literals = new WeakMap<DocumentNode, InputProblem | null>();
  const literalProblem = (document: DocumentNode): InputProblem | null => {
    if (literals.has(document)) return literals.get(document)!;
    let literal: InputProblem | null = null;
    visit(document, {
      StringValue(node) {
        if (literal === null && BAD_TEXT.test(node.value))
          literal = { path: `query (line ${node.loc?.startToken.line ?? '?'})`, kind: 'text' };
      },
    });
    literals.set(document, literal);
    return literal;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const inVariables = inputProblem(request.variables ?? {}, 'variables');
          if (inVariables) throw inputError(inVariables);
          const literal = literalProblem(document);
          if (literal) throw inputError(literal);
        },
      };
    },
  };
}

/**
 * Federation's `_entities` throws a plain Error for a representation naming no entity type, and the
 * reference resolvers need a key: check each representation first (BAD_USER_INPUT naming its index).
 */
export function guardEntities(schema: GraphQLSchema): GraphQLSchema {
  const field = schema.getQueryType()?.getFields()._entities;
  const entity = schema.getType('_Entity');
  if (!field?.resolve || !isUnionType(entity)) return schema;
  const types = new Set(entity.getTypes().map((t) => t.name));
  const resolve = field.resolve as GraphQLFieldResolver<unknown, unknown>;
  field.resolve = (source, args, context, info) => {
    const representations = (args as { representations: unknown[] }).representations;
    representations.forEach((r, i) => {
      const rep = r as { __typename?: unknown; code?: unknown } | null;
      const ok =
        rep !== null &&
        typeof rep === 'object' &&
        !Array.isArray(rep) &&
        types.has(rep.__typename as string) &&
        typeof rep.code === 'string';
      if (!ok) {
        throw new AppError(
          'INPUT_INVALID',
          `representations[${i}]: 应为 { __typename: ${[...types].join(' | ')}, code: String } · expected { __typename: ${[...types].join(' | ')}, code: String }`,
          [{ path: `representations[${i}]`, message: 'not an entity representation' }],
        );
      }
    });
    return resolve(source, args, context, info);
  };
  return schema;
}
