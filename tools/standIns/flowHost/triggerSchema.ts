import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { describeSchemaError, withoutRepeatedErrors } from "../../common/jsonSchemaErrors";
import type { Value } from "../workflowEngine";

/**
 * A Request trigger's `schema` (JSON Schema as the designer writes it: draft-04 keywords, with the
 * designer's own `x-ms-…`, `title` and `description` alongside) checked against a request body.
 */

type Validator = ReturnType<AjvDraft04["compile"]>;

const ajv = new AjvDraft04({ allErrors: true, strict: false });
addFormats(ajv);
const compiled = new WeakMap<object, Validator>();

/** Each place the body does not fit the schema, named by its JSON pointer (or the missing property); empty when it fits. */
export function schemaMismatches(schema: Record<string, unknown>, body: Value): string[] {
    let validate = compiled.get(schema);
    if (validate === undefined) {
        validate = ajv.compile(schema);
        compiled.set(schema, validate);
    }
    if (validate(body)) return [];
    return withoutRepeatedErrors(validate.errors ?? []).map((error) => {
        const missing = (error.params as { missingProperty?: unknown }).missingProperty;
        const where =
            typeof missing === "string"
                ? `${error.instancePath}/${missing}`
                : error.instancePath === ""
                  ? "the body"
                  : error.instancePath;
        return `${where}: ${describeSchemaError(error)}`;
    });
}
