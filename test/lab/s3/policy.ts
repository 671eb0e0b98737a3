/**
 * A small IAM policy evaluator: explicit Deny wins, then any Allow, otherwise implicit deny.
 * Wildcards `*` and `?` in actions (case-insensitive) and resources (case-sensitive); the
 * String condition operators S3 prefix rules use. Missing condition keys behave as in IAM:
 * positive operators fail, negated ones pass.
 */
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export interface AuthorizationRequest {
  action: string;
  resource: string;
  context: Record<string, string | undefined>;
}

function asList(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value];
}

function wildcardToRegExp(pattern: string, flags = ''): RegExp {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, flags);
}

const conditionOperators: Record<string, (actual: string, expected: string) => boolean> = {
  StringEquals: (actual, expected) => actual === expected,
  StringLike: (actual, expected) => wildcardToRegExp(expected).test(actual),
};

function conditionHolds(
  operator: string,
  key: string,
  expected: string[],
  context: AuthorizationRequest['context'],
): boolean {
  const negated = operator.startsWith('StringNot');
  const base = negated ? operator.replace('StringNot', 'String') : operator;
  const compare = conditionOperators[base];
  if (!compare) throw new Error(`lab policy: unsupported condition operator ${operator}`);
  const actual = context[key];
  if (actual === undefined) return negated;
  const matches = expected.some((value) => compare(actual, value));
  return negated ? !matches : matches;
}

function statementApplies(statement: PolicyStatement, request: AuthorizationRequest): boolean {
  const actionMatches = asList(statement.Action).some((a) => wildcardToRegExp(a, 'i').test(request.action));
  const resourceMatches = asList(statement.Resource).some((r) => wildcardToRegExp(r).test(request.resource));
  if (!actionMatches || !resourceMatches) return false;
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, values]) =>
      conditionHolds(operator, key, asList(values), request.context),
    ),
  );
}

export function isAllowed(policy: PolicyDocument, request: AuthorizationRequest): boolean {
  const applicable = policy.Statement.filter((statement) => statementApplies(statement, request));
  if (applicable.some((statement) => statement.Effect === 'Deny')) return false;
  return applicable.some((statement) => statement.Effect === 'Allow');
}
