import type { ApolloServerPlugin } from '@apollo/server';
import {
  BREAK,
  getNullableType,
  visit,
  GraphQLError,
  isListType,
  Kind,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { AppError, toGraphQLError } from '../errors';
import { DEFAULT_FIRST, pageSize } from './connection';

/**
 * Query limits, checked before anything executes (no SQL runs for a refused request):
 * - depth: a validation rule (GRAPHQL_VALIDATION_FAILED, HTTP 400);
 * - cost and `first`: a plugin at didResolveOperation, because the cost of `first: $n` needs the variables.
 */

/** A plain list field (not a connection) is estimated at this many elements. */
export const LIST_FACTOR = 10;

const zhEnDepth = (depth: number, max: number) =>
  `查询嵌套深度 ${depth} 超过上限 ${max} · query depth ${depth} exceeds the limit of ${max}`;

/** Refuses an operation whose fields nest deeper than `maxDepth` (fragments followed; introspection fields not counted). */
export function depthLimitRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    return {
      OperationDefinition(op: OperationDefinitionNode) {
        const depth = selectionDepth(op.selectionSet, fragments, maxDepth + 1, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(zhEnDepth(depth, maxDepth), {
              nodes: [op],
              extensions: { reason: 'QUERY_TOO_DEEP', limit: maxDepth },
            }),
          );
        }
      },
    };
  };
}

/** Depth of a selection set, counted up to `cap` (enough to know it is too deep; never recursing further). */
function selectionDepth(
  set: SelectionSetNode | undefined,
  fragments: Map<string, FragmentDefinitionNode>,
  cap: number,
  active: Set<string>,
): number {
  if (!set || cap <= 0) return 0;
  let max = 0;
  for (const s of set.selections) {
    let d = 0;
    if (s.kind === Kind.FIELD) {
      if (s.name.value.startsWith('__')) continue; // introspection is governed by the introspection switch
      d = 1 + selectionDepth(s.selectionSet, fragments, cap - 1, active);
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      d = selectionDepth(s.selectionSet, fragments, cap, active);
    } else {
      const name = s.name.value;
      const f = fragments.get(name);
      if (!f || active.has(name)) continue; // unknown or cyclic: other rules report it
      active.add(name);
      d = selectionDepth(f.selectionSet, fragments, cap, active);
      active.delete(name);
    }
    max = Math.max(max, d);
    if (max >= cap) return max;
  }
  return max;
}

/**
 * The cost of a field: 1 plus what it selects, times the number of elements it may return —
 * `first` (default 20) for a connection, the number of representations for `_entities`,
 * LIST_FACTOR for another list of objects. A connection's `edges` are counted by its `first`.
 */
export function costEstimator(pagination: { path: string; error: AppError }[]): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    if (field.name.startsWith('__')) return 0;
    if (field.args.some((a) => a.name === 'first')) {
      let n = DEFAULT_FIRST;
      try {
        n = pageSize(args.first as number | null | undefined);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        pagination.push({ path: `${type.name}.${field.name}`, error: e });
      }
      return 1 + n * childComplexity;
    }
    if (field.name === '_entities' && Array.isArray(args.representations)) {
      return 1 + args.representations.length * childComplexity;
    }
    if (type.name.endsWith('Connection') && field.name === 'edges') return 1 + childComplexity;
    const list = isListType(getNullableType(field.type)) && childComplexity > 0;
    return 1 + (list ? LIST_FACTOR : 1) * childComplexity;
  };
}

/** Fields (with fragments expanded) the cost estimate walks at most; more is refused. */
const MAX_NODES = 10000;

/**
 * Lexical tokens a document may hold (Apollo's parseOptions.maxTokens): validation time grows with the
 * document, so a 1 MB query of aliases is refused at parse, and nesting stays far below what overflows the
 * parser's stack (~2000 levels, 3 tokens each). The introspection query has ~180 tokens; imports carry their
 * document in a variable, which is not tokenised.
 */
export const MAX_TOKENS = 4000;

/**
 * Refuses, before execution, an operation whose estimated cost exceeds `maxCost` or whose `first` is out of
 * range; words the parser's token-limit error in both languages.
 */
export function costLimitPlugin(maxCost: number): ApolloServerPlugin {
  // Apollo hands the same DocumentNode for the same query text (its parsed-document store), so a cost that
  // does not depend on the variables is computed once per distinct document and operation, not per request.
  const fixedCosts = new WeakMap<DocumentNode, Map<string, number | null>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return; // no such operation: execution refuses it (OPERATION_RESOLUTION_FAILURE)
          const fixed = costDependsOnVariables(document) ? null : fixedCosts.get(document);
          const name = operation.name?.value ?? '';
          let cost = fixed?.get(name);
          if (cost === undefined) {
            const pagination: { path: string; error: AppError }[] = [];
            cost = estimateCost(schema, document, operation, request.variables ?? {}, pagination);
            if (pagination.length > 0) {
              const { error } = pagination[0];
              throw new GraphQLError(error.message, {
                extensions: { ...toGraphQLError(error).extensions, http: { status: 400 } },
              });
            }
            // null (variables that do not coerce) is this request's answer, not the document's
            if (cost !== null && !costDependsOnVariables(document)) {
              if (!fixedCosts.has(document)) fixedCosts.set(document, new Map());
              fixedCosts.get(document)!.set(name, cost);
            }
          }
          if (cost !== null && cost > maxCost) throw costError(cost, maxCost);
        },
        async willSendResponse({ response }) {
          if (response.body.kind === 'single' && response.body.singleResult.errors) {
            response.body.singleResult.errors = response.body.singleResult.errors.map(wordTokenLimit);
          }
        },
      };
    },
  };
}

/** Arguments whose value changes the estimate (costEstimator reads them); a variable there makes the cost per request. */
const COST_ARGUMENTS = new Set(['first', 'representations']);
const dependsOnVariables = new WeakMap<DocumentNode, boolean>();

/**
 * Whether the cost of `document` may change with its variables: a variable is used in an argument the
 * estimator reads. Walked once per document.
 */
function costDependsOnVariables(document: DocumentNode): boolean {
  let known = dependsOnVariables.get(document);
  if (known !== undefined) return known;
  known = false;
  visit(document, {
    Argument(node) {
      if (!COST_ARGUMENTS.has(node.name.value)) return;
      visit(node.value, {
        Variable() {
          known = true;
          return BREAK;
        },
      });
    },
  });
  dependsOnVariables.set(document, known);
  return known;
}

/** The operation's cost; null when its variables do not coerce (execution then refuses them, BAD_USER_INPUT). */
function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  pagination: { path: string; error: AppError }[],
): number | null {
  try {
    return getComplexity({
      schema,
      query: document,
      // An anonymous operation is the document's only one; naming none then counts just it.
      operationName: operation.name?.value,
      variables,
      estimators: [costEstimator(pagination)],
      maxQueryNodes: MAX_NODES,
    });
  } catch (e) {
    if (e instanceof GraphQLError && /maximum allowed number of nodes/.test(e.message)) {
      throw new GraphQLError(
        `查询所选字段（含片段展开）超过 ${MAX_NODES} 个 · the query selects more than ${MAX_NODES} fields (fragments expanded)`,
        {
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason: 'QUERY_TOO_COSTLY', limit: MAX_NODES, http: { status: 400 } },
        },
      );
    }
    if (e instanceof GraphQLError) return null;
    throw e;
  }
}

/** graphql-js words its token limit in English only ("Document contains more that N tokens"). */
function wordTokenLimit(e: GraphQLFormattedError): GraphQLFormattedError {
  if (e.extensions?.code !== 'GRAPHQL_PARSE_FAILED' || !/contains more tha[nt] \d+ tokens/.test(e.message)) return e;
  return {
    ...e,
    message: `查询文本超过 ${MAX_TOKENS} 个词法单元 · the query exceeds the limit of ${MAX_TOKENS} tokens`,
    extensions: { ...e.extensions, reason: 'QUERY_TOO_LONG', limit: MAX_TOKENS },
  };
}

function costError(cost: number, max: number): GraphQLError {
  return new GraphQLError(
    `查询代价 ${cost} 超过上限 ${max}（分页字段按 first × 所选字段计）；请减少字段或缩小分页 · ` +
      `query cost ${cost} exceeds the limit of ${max} (a connection costs first × its selection); select less or use smaller pages`,
    { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason: 'QUERY_TOO_COSTLY', limit: max, http: { status: 400 } } },
  );
}

/** Root fields whose requests may carry the large import body limit. */
export const IMPORT_FIELDS = new Set(['importCatalogue', 'importCatalogueTable']);
