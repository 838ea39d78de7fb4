import { PNG } from "pngjs";

/**
 * The connector's icon: a white "run" mark (a ring around a play triangle) on the brand colour,
 * drawn from geometry alone so that every run of `npm run connector:icon` gives the same pixels.
 */

export const ICON_SIZE = 230;
const SUBSAMPLES = 4;
const CENTER = ICON_SIZE / 2;
const RING = { outer: 84, inner: 70 };
// The triangle's centroid sits on the centre, so the mark looks balanced inside the ring.
const TRIANGLE: Array<[number, number]> = [
    [CENTER - 26, CENTER - 44],
    [CENTER - 26, CENTER + 44],
    [CENTER + 52, CENTER],
];

export function drawIcon(brandColor: string): PNG {
    const background = parseHexColor(brandColor);
    const png = new PNG({ width: ICON_SIZE, height: ICON_SIZE });
    for (let y = 0; y < ICON_SIZE; y += 1) {
        for (let x = 0; x < ICON_SIZE; x += 1) {
            const cover = coverage(x, y);
            const offset = (y * ICON_SIZE + x) * 4;
            for (let channel = 0; channel < 3; channel += 1) {
                png.data[offset + channel] = Math.round(background[channel] + (255 - background[channel]) * cover);
            }
            png.data[offset + 3] = 255;
        }
    }
    return png;
}

export function encodeIcon(png: PNG): Buffer {
    return PNG.sync.write(png, { colorType: 2, deflateLevel: 9 });
}

export function parseHexColor(color: string): [number, number, number] {
    const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
    if (!match) throw new Error(`Not a #rrggbb colour: ${color}`);
    return [parseInt(match[1], 16), parseInt(match[2], 16), parseInt(match[3], 16)];
}

/** The share of the pixel covered by the mark, sampled on a SUBSAMPLES x SUBSAMPLES grid. */
function coverage(x: number, y: number): number {
    let inside = 0;
    for (let sy = 0; sy < SUBSAMPLES; sy += 1) {
        for (let sx = 0; sx < SUBSAMPLES; sx += 1) {
            const px = x + (sx + 0.5) / SUBSAMPLES;
            const py = y + (sy + 0.5) / SUBSAMPLES;
            if (inRing(px, py) || inTriangle(px, py)) inside += 1;
        }
    }
    return inside / (SUBSAMPLES * SUBSAMPLES);
}

function inRing(x: number, y: number): boolean {
    const distance = Math.hypot(x - CENTER, y - CENTER);
    return distance <= RING.outer && distance >= RING.inner;
}

function inTriangle(x: number, y: number): boolean {
    const [a, b, c] = TRIANGLE;
    const side = (p: [number, number], q: [number, number]) => (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
    const d1 = side(a, b);
    const d2 = side(b, c);
    const d3 = side(c, a);
    return (d1 >= 0 && d2 >= 0 && d3 >= 0) || (d1 <= 0 && d2 <= 0 && d3 <= 0);
}
