/** Why one part of a form is refused (the console's check or the cloud's `field`), under that part. */
export function FieldProblem({ field, problem }: { field: string; problem: { readonly field: string; readonly message: string } | null }) {
  if (problem === null || problem.field !== field) return null;
  return (
    <p class="field-problem" role="alert" data-testid="field-problem" data-field={field}>
      {problem.message}
    </p>
  );
}
