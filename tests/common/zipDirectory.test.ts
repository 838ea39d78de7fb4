import JSZip from "jszip";
import { readZipDirectory } from "../../tools/common/zipDirectory";

describe("readZipDirectory", () => {
    it("lists entries in central-directory order with their method, size, times and names as written", async () => {
        const zip = new JSZip();
        const date = new Date(Date.UTC(2026, 10, 30, 12, 34, 56));
        zip.file("solution.xml", "<ImportExportXml />", { compression: "DEFLATE", createFolders: false, date });
        // Canvas app packages write backslashes; the listing must keep them.
        zip.file("Src\\Screen1.pa.yaml", "Screens: {}\n", { compression: "STORE", createFolders: false, date });
        zip.file("Données/é.txt", "x", { createFolders: false, date });
        const entries = await readZipDirectory(await zip.generateAsync({ type: "nodebuffer" }));
        expect(entries.map(({ name, method, uncompressedSize }) => [name, method, uncompressedSize])).toEqual([
            ["solution.xml", 8, 19],
            ["Src\\Screen1.pa.yaml", 0, 12],
            ["Données/é.txt", 0, 1],
        ]);
        // MS-DOS fields hold local time in two-second steps; JSZip writes the date's UTC fields.
        const { dosDate, dosTime } = entries[0];
        expect([(dosDate >> 9) + 1980, (dosDate >> 5) & 0xf, dosDate & 0x1f]).toEqual([2026, 11, 30]);
        expect([dosTime >> 11, (dosTime >> 5) & 0x3f, (dosTime & 0x1f) * 2]).toEqual([12, 34, 56]);
    });

    it("refuses bytes that are not an archive, with the reason", async () => {
        await expect(readZipDirectory(Buffer.from("<html>not an archive</html>"))).rejects.toThrow(
            /end of central directory record signature not found/i,
        );
    });
});
