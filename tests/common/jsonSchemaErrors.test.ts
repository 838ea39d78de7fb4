import Ajv from "ajv";
import { describeSchemaError, withoutRepeatedErrors } from "../../tools/common/jsonSchemaErrors";

function errorsOf(schema: object, value: unknown) {
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(validate(value)).toBe(false);
    return validate.errors ?? [];
}

describe("JSON Schema errors", () => {
    it("name the property that is not allowed", () => {
        const [error] = errorsOf({ type: "object", properties: {}, additionalProperties: false }, { script: true });
        expect(describeSchemaError(error)).toBe('must NOT have additional properties: "script"');
    });

    it("list the allowed values", () => {
        const [error] = errorsOf({ enum: ["oauth2", "aad"] }, "add");
        expect(describeSchemaError(error)).toBe('must be equal to one of the allowed values: ["oauth2","aad"]');
        const [constant] = errorsOf({ const: "Global" }, "Direct");
        expect(describeSchemaError(constant)).toBe('must be equal to constant: "Global"');
    });

    it("keep Ajv's own message for the rest", () => {
        const [error] = errorsOf({ type: "string" }, 42);
        expect(describeSchemaError(error)).toBe("must be string");
    });

    it("are reported once per place, however many $refs reach them", () => {
        const schema = {
            type: "object",
            definitions: { id: { type: "string" } },
            allOf: [1, 2].map(() => ({ type: "object", properties: { id: { $ref: "#/definitions/id" } } })),
            properties: { other: { type: "string" } },
        };
        const errors = errorsOf(schema, { id: 1, other: 2 });
        expect(errors.length).toBeGreaterThan(2);
        expect(
            withoutRepeatedErrors(errors).map((error) => `${error.instancePath} ${describeSchemaError(error)}`),
        ).toEqual(["/id must be string", "/other must be string"]);
    });
});
