import { Field, Int, ObjectType, type ClassType } from 'type-graphql';

/**
 * A count per value of an enum (`{ kind: FlagKind!, count: Int! }`): flags per kind, entries per part, findings
 * per kind. `key` names the enum field; the GraphQL type is `name`.
 */
export function countType<K extends string, V>(
  name: string,
  description: string,
  key: K,
  enumType: object,
): ClassType<{ [k in K]: V } & { count: number }> {
  class Count {}
  // Declared in the printed order: the enum field, then the count.
  Field(() => enumType)(Count.prototype, key);
  Field(() => Int)(Count.prototype, 'count');
  ObjectType(name, { description, simpleResolvers: true })(Count);
  return Count as ClassType<{ [k in K]: V } & { count: number }>;
}
