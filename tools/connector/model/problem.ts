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

/** A JSON pointer (RFC 6901) from path segments. */
export function pointerOf(...segments: Array<string | number>): string {
    return segments.map((segment) => "/" + String(segment).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}
