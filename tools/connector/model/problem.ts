/** One finding of the validator: which file, where in it (a JSON pointer), which rule, and why. */
export interface Problem {
    file: string;
    pointer: string;
    rule: string;
    message: string;
}

export function problem(file: string, pointer: string, rule: string, message: string): Problem {
    return { file, pointer, rule, message };
}

/** `file#pointer [rule] message`: one line per problem, the form the CLI prints. */
export function formatProblem({ file, pointer, rule, message }: Problem): string {
    return `${file}#${pointer} [${rule}] ${message}`;
}
