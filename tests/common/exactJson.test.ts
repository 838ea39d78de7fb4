import { parseExact, stringifyExact, toPlainJson } from "../../tools/common/exactJson";

describe("exact JSON for int64 IDs", () => {
    it("keeps integers above 2^53 as bigints and writes them back as digits", () => {
        const parsed = parseExact('{"job_id": 9007199254740993, "small": 12, "float": 1.5, "e": 1e3, "neg": -9223372036854775808}') as Record<string, unknown>;
        expect(parsed).toEqual({ job_id: 9007199254740993n, small: 12, float: 1.5, e: 1000, neg: -9223372036854775808n });
        expect(stringifyExact(parsed)).toBe('{"job_id":9007199254740993,"small":12,"float":1.5,"e":1000,"neg":-9223372036854775808}');
        expect(toPlainJson(parsed)).toMatchObject({ job_id: 9007199254740992 });
    });

    it("reads what JSON.parse reads and refuses what it refuses", () => {
        const samples = ['{"a":[1,{"b":null}],"c":"\\u00e9\\n","d":true}', "[]", '"text"', "-0.25", '{"__proto__": 1}'];
        for (const sample of samples) expect(toPlainJson(parseExact(sample))).toEqual(JSON.parse(sample));
        for (const bad of ["{a:1}", "[1,]", "01", '"\t"', "{} x", "", "'s'"]) expect(() => parseExact(bad)).toThrow(SyntaxError);
    });

    it("indents like JSON.stringify and leaves out undefined members", () => {
        const value = { a: [1, 2n ** 64n], b: { c: "x" }, d: undefined, e: [] };
        expect(stringifyExact(value, 2)).toBe(JSON.stringify({ a: [1, 0], b: { c: "x" }, e: [] }, null, 2).replace("0\n", "18446744073709551616\n"));
    });
});
