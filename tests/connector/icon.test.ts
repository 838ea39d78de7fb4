import { PNG } from "pngjs";
import { drawIcon, encodeIcon, ICON_SIZE, parseHexColor } from "../../tools/connector/icon/icon";
import { connectorCopy } from "./fixture";

describe("the connector icon", () => {
    const files = connectorCopy();
    const brandColor = (files.apiProperties as { properties: { iconBrandColor: string } }).properties.iconBrandColor;
    const shipped = PNG.sync.read(files.icon!);

    it("is what npm run connector:icon draws from the brand colour, pixel for pixel", () => {
        const drawn = PNG.sync.read(encodeIcon(drawIcon(brandColor)));
        expect(shipped.width).toBe(ICON_SIZE);
        expect(shipped.height).toBe(ICON_SIZE);
        expect(Buffer.compare(shipped.data, drawn.data)).toBe(0);
    });

    it("draws the same bytes every time", () => {
        expect(encodeIcon(drawIcon(brandColor)).equals(encodeIcon(drawIcon(brandColor)))).toBe(true);
    });

    it("is a white mark on the brand colour", () => {
        const pixel = (x: number, y: number) =>
            Array.from(shipped.data.subarray((y * ICON_SIZE + x) * 4, (y * ICON_SIZE + x) * 4 + 3));
        expect(pixel(0, 0)).toEqual(parseHexColor(brandColor));
        expect(pixel(ICON_SIZE - 1, ICON_SIZE - 1)).toEqual(parseHexColor(brandColor));
        expect(pixel(ICON_SIZE / 2, ICON_SIZE / 2)).toEqual([255, 255, 255]);
    });

    it("rejects a colour that is not #rrggbb", () => {
        expect(() => drawIcon("red")).toThrow("Not a #rrggbb colour: red");
    });
});
