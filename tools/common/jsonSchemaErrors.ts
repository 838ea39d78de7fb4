import type { ErrorObject } from "ajv";

/**
 * Ajv's message with what it leaves out, one wording for every tool that validates against a JSON
 * Schema: `must NOT have additional properties: "script"`, `must be equal to one of the allowed
 * values: ["oauth2","aad"]`. The caller says where (a file and JSON Pointer, or "the top level").
 */
export function describeSchemaError(error: ErrorObject): string {
    const params = error.params as Record<string, unknown>;
    const message = error.message ?? `fails the schema's "${error.keyword}" rule`;
    switch (error.keyword) {
        case "additionalProperties":
            return `${message}: "${String(params.additionalProperty)}"`;
        case "enum":
            return `${message}: ${JSON.stringify(params.allowedValues)}`;
        case "const":
            return `${message}: ${JSON.stringify(params.allowedValue)}`;
        default:
            return message;
    }
}

/** Each error once per place: with allErrors, Ajv reports the same mismatch again along every $ref and branch that reaches it. */
export function withoutRepeatedErrors(errors: readonly ErrorObject[]): ErrorObject[] {
    const seen = new Set<string>();
    return errors.filter((error) => {
        const key = `${error.instancePath} ${describeSchemaError(error)}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}
