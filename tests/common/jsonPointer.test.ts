import { pointerOf } from "../../tools/common/jsonPointer";

describe("JSON Pointer", () => {
    it("joins segments, numbers included, each after a slash", () => {
        expect(pointerOf("definitions", "Run", "properties", 0)).toBe("/definitions/Run/properties/0");
        expect(pointerOf()).toBe("");
    });

    it("writes ~ as ~0 and / as ~1, ~ first so that ~1 in a key stays itself (RFC 6901)", () => {
        expect(pointerOf("paths", "/api/2.2/jobs/runs/get")).toBe("/paths/~1api~12.2~1jobs~1runs~1get");
        expect(pointerOf("a~1b")).toBe("/a~01b");
        expect(pointerOf("")).toBe("/");
    });
});
