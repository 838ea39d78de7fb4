import { isObject } from "../../tools/common/objects";

describe("isObject", () => {
    it("is true for a JSON object only: not null, not an array, not a scalar", () => {
        expect(isObject({})).toBe(true);
        expect(isObject(JSON.parse('{"a": 1}'))).toBe(true);
        for (const other of [null, undefined, [], [1], "{}", 1, true]) expect(isObject(other)).toBe(false);
    });
});
