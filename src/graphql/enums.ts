import { registerEnumType } from 'type-graphql';

/** A GraphQL enum's values object built from the one constant array that declares them (`{ A: 'A', … }`). */
export type EnumOf<V extends readonly string[]> = { readonly [K in V[number]]: K };

/**
 * Builds the object type-graphql registers as an enum from a constant array of values, so each enum's
 * values are declared once (beside the records that hold them) and the GraphQL enum follows them.
 */
export function enumOf<const V extends readonly string[]>(values: V): EnumOf<V> {
  return Object.freeze(Object.fromEntries(values.map((v) => [v, v]))) as EnumOf<V>;
}

export { registerEnumType };
