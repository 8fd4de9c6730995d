// Runs a zod schema and turns its issues into one 400 VALIDATION_FAILED whose details name each
// offending field, so every validator in this folder fails the same way.

import type { z } from 'zod';
import { validationFailed, type FieldProblem } from '../http-error.js';

export function parseOrReject<S extends z.ZodType>(schema: S, input: unknown, root = 'body'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw validationFailed(result.error.issues.flatMap((issue) => problemsOf(issue, root)));
}

function problemsOf(issue: z.core.$ZodIssue, root: string): FieldProblem[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ field: key, message: `${key} is not a known field` }));
  }
  const field = issue.path.length === 0 ? root : issue.path.map(String).join('.');
  const message = issue.message.startsWith(field) ? issue.message : `${field}: ${issue.message}`;
  return [{ field, message }];
}
