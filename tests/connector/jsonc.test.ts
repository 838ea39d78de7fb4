import { parseJsonc, stripJsonComments } from "../../tools/connector/model/jsonc";
import { needsReference, readReferenceText, REFERENCE_CHECKS } from "../support/reference";

const schemas = needsReference(REFERENCE_CHECKS.connectorSchemas);

describe("JSON with comments", () => {
    it("drops line and block comments", () => {
        expect(parseJsonc('{\n  "a": 1, // one\n  /* two */ "b": [2]\n}')).toEqual({ a: 1, b: [2] });
    });

    it("keeps // and /* inside strings, escaped quotes included", () => {
        const text = '{"url": "http://json-schema.org/draft-04/schema#", "odd": "a \\" // b /* c */"}';
        expect(parseJsonc(text)).toEqual({ url: "http://json-schema.org/draft-04/schema#", odd: 'a " // b /* c */' });
    });

    it("keeps line and column positions", () => {
        const text = '{"a": 1 // note\n}';
        expect(stripJsonComments(text)).toHaveLength(text.length);
        expect(stripJsonComments(text).indexOf("}")).toBe(text.indexOf("}"));
    });

    it("rejects an unterminated block comment", () => {
        expect(() => stripJsonComments('{"a": 1 /* open')).toThrow("Unterminated /* comment at position 8");
    });

    it("keeps positions in CRLF files, and ends a // comment at the line break", () => {
        const text = '{\r\n  "a": 1, // one\r\n  "b": 2 // two\r  }';
        expect(stripJsonComments(text)).toHaveLength(text.length);
        expect(parseJsonc(text)).toEqual({ a: 1, b: 2 });
    });

    it("says what is wrong and where, by line and column", () => {
        expect(() => parseJsonc('{\n  "a": 1 // one\n  "b": 2\n}')).toThrow(
            new SyntaxError("Invalid JSON: comma expected at line 3, column 3 (offset 20)"),
        );
        expect(() => parseJsonc('{"a": [1, 2,]}')).toThrow("Invalid JSON: value expected at line 1, column 13");
        expect(() => parseJsonc("")).toThrow(SyntaxError);
    });

    it('keeps "__proto__" as data', () => {
        const parsed = parseJsonc<Record<string, unknown>>('{"__proto__": {"polluted": true}} // note');
        expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
        expect(Object.keys(parsed)).toEqual(["__proto__"]);
    });

    schemas.it("reads Microsoft's schemas, which JSON.parse alone cannot", () => {
        for (const file of ["apiDefinition.swagger.schema.json", "paconn-apiProperties.schema.json"]) {
            const text = readReferenceText(`powerplatform-connectors/${file}`);
            expect(() => JSON.parse(text)).toThrow();
            expect(parseJsonc<{ definitions: object }>(text).definitions).toBeDefined();
        }
    });
});
