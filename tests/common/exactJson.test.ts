import { assertExactNumbers, parseExact, stringifyExact, toPlainJson } from "../../tools/common/exactJson";

describe("exact JSON for int64 IDs", () => {
    it("keeps integers above 2^53 as bigints and writes them back as digits", () => {
        const parsed = parseExact(
            '{"job_id": 9007199254740993, "small": 12, "float": 1.5, "e": 1e3, "neg": -9223372036854775808}',
        ) as Record<string, unknown>;
        expect(parsed).toEqual({
            job_id: 9007199254740993n,
            small: 12,
            float: 1.5,
            e: 1000,
            neg: -9223372036854775808n,
        });
        expect(stringifyExact(parsed)).toBe(
            '{"job_id":9007199254740993,"small":12,"float":1.5,"e":1000,"neg":-9223372036854775808}',
        );
        expect(toPlainJson(parsed)).toMatchObject({ job_id: 9007199254740992 });
    });

    it("reads what JSON.parse reads and refuses what it refuses", () => {
        const samples = ['{"a":[1,{"b":null}],"c":"\\u00e9\\n","d":true}', "[]", '"text"', "-0.25", '{"__proto__": 1}'];
        for (const sample of samples) expect(toPlainJson(parseExact(sample))).toEqual(JSON.parse(sample));
        for (const bad of ["{a:1}", "[1,]", "01", '"\t"', "{} x", "", "'s'"])
            expect(() => parseExact(bad)).toThrow(SyntaxError);
    });

    it("indents like JSON.stringify and leaves out undefined members", () => {
        const value = { a: [1, 2n ** 64n], b: { c: "x" }, d: undefined, e: [] };
        expect(stringifyExact(value, 2)).toBe(
            JSON.stringify({ a: [1, 0], b: { c: "x" }, e: [] }, null, 2).replace("0\n", "18446744073709551616\n"),
        );
        const emptied = { a: { b: undefined }, c: [undefined, Number.NaN], d: new Date(0) };
        expect(stringifyExact(emptied, 2)).toBe(JSON.stringify(emptied, null, 2));
    });

    it("keeps a repeated key's last value, where it first stood, as JSON.parse does", () => {
        const text = '{"a": 1, "b": 2, "a": {"c": 3}}';
        const parsed = parseExact(text) as Record<string, unknown>;
        expect(parsed).toEqual(JSON.parse(text));
        expect(Object.keys(parsed)).toEqual(["a", "b"]);
    });

    it('keeps "__proto__" as data, not as the prototype', () => {
        const parsed = parseExact('{"__proto__": {"admin": true}, "__proto__": {"admin": 1}}') as Record<
            string,
            unknown
        >;
        expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
        expect((parsed as { admin?: unknown }).admin).toBeUndefined();
        expect(Object.getOwnPropertyDescriptor(parsed, "__proto__")?.value).toEqual({ admin: 1 });
    });

    it("refuses nesting deeper than 512 and numbers longer than 400 characters, with a SyntaxError", () => {
        const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
        expect(() => parseExact(nested(513))).not.toThrow();
        expect(() => parseExact(nested(514))).toThrow(new SyntaxError("JSON nested too deeply"));
        expect(() => parseExact(nested(100_000))).toThrow(new SyntaxError("JSON nested too deeply"));
        expect(parseExact("9".repeat(400))).toBe(BigInt("9".repeat(400)));
        expect(() => parseExact("9".repeat(401))).toThrow("is longer than 400 characters");
    });

    it("says where malformed JSON goes wrong", () => {
        expect(() => parseExact('{"a": 1 "b": 2}')).toThrow(/position 8/);
    });
});

describe("numbers JSON.parse could not keep exactly", () => {
    const toError = (message: string) => new RangeError(message);

    it("pass when every integer is within 2^53", () => {
        expect(() =>
            assertExactNumbers({ a: [1, 9007199254740991, 1.5, -0.25], b: "9007199254740993" }, "flow.json", toError),
        ).not.toThrow();
    });

    it("are refused with the file and the JSON Pointer of the first one, in the caller's error type", () => {
        const value = JSON.parse('{"actions": {"Run": {"inputs": {"job_id": 9007199254740993}}}}') as unknown;
        expect(() => assertExactNumbers(value, "Workflows/Flow.json", toError)).toThrow(
            new RangeError(
                "Workflows/Flow.json#/actions/Run/inputs/job_id: the integer 9007199254740992 is beyond 2^53 and would change when re-serialized; write it as a string.",
            ),
        );
    });

    it("escape ~ and / in the keys of the pointer (RFC 6901)", () => {
        const value = { paths: { "/api/2.2/jobs~x": [0, { default: 2 ** 60 }] } };
        expect(() => assertExactNumbers(value, "apiDefinition.swagger.json", toError)).toThrow(
            "apiDefinition.swagger.json#/paths/~1api~12.2~1jobs~0x/1/default: the integer",
        );
    });
});
