import Foundation
import Testing
@testable import ReportRendering

@Suite struct SampleGridTests {
    // Two 3-channel 2×2 images: image k has R = 10k + p, G = 100 + p, B = 200 + p at pixel p (row-major).
    static let images: [UInt8] = {
        var bytes: [UInt8] = []
        for k in 0..<2 {
            for p in 0..<4 { bytes.append(UInt8(10 * k + p)) }
            for p in 0..<4 { bytes.append(UInt8(100 + p)) }
            for p in 0..<4 { bytes.append(UInt8(200 + p)) }
        }
        return bytes
    }()

    @Test func imagesLandInTheirCellsEnlargedByReplication() {
        var grid = SampleGrid(images: Self.images, imageHeight: 2, imageWidth: 2, rows: [("a", [1]), ("b", [0, 1])])
        (grid.scale, grid.gap, grid.labelWidth) = (2, 1, 5)
        let canvas = grid.layout()
        // Width: label 5 + 2 columns × (2·2 + 1) + gap 1 = 16; height: 2 rows × 5 + 1 = 11.
        #expect(canvas.width == 16 && canvas.height == 11)
        func pixel(_ x: Int, _ y: Int) -> [UInt8] { Array(canvas.rgb[((y * canvas.width + x) * 3)..<((y * canvas.width + x) * 3 + 3)]) }
        // Row 0 (top = 1), column 0 (left = 5) shows image 1: its pixel 3 (row 1, column 1) covers x 7–8, y 3–4.
        #expect(pixel(7, 3) == [13, 103, 203] && pixel(8, 4) == [13, 103, 203])
        #expect(pixel(5, 1) == [10, 100, 200] && pixel(6, 2) == [10, 100, 200])
        // Row 1 (top = 6), column 1 (left = 10) shows image 1 again; column 0 shows image 0.
        #expect(pixel(10, 6) == [10, 100, 200] && pixel(5, 6) == [0, 100, 200])
        // Gaps and the empty cell of row 0 stay white; the labels sit in the left margin.
        #expect(pixel(9, 3) == [255, 255, 255] && pixel(12, 2) == [255, 255, 255] && pixel(0, 0) == [255, 255, 255])
        #expect(canvas.labels.map(\.text) == ["a", "b"] && canvas.labels.allSatisfy { $0.x < 5 })
    }

    @Test func blocksPlaceRowsSideBySide() {
        var grid = SampleGrid(images: Self.images, imageHeight: 2, imageWidth: 2, rows: [("a", [0]), ("b", [1]), ("c", [0])])
        (grid.scale, grid.gap, grid.labelWidth, grid.blocks) = (1, 1, 3, 2)
        let canvas = grid.layout()
        // Two rows per block; block width 3 + 1 × 3 + 1 = 7; two blocks; height 2 × 3 + 1 = 7.
        #expect(canvas.width == 14 && canvas.height == 7)
        // Row "c" opens the second block: its image 0 starts at x = 7 + 3 = 10, y = 1.
        #expect(Array(canvas.rgb[((1 * 14 + 10) * 3)..<((1 * 14 + 10) * 3 + 3)]) == [0, 100, 200])
        #expect(canvas.labels[2].x == 11)
    }

    @Test func writesAPNGFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("grid-\(UUID().uuidString).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SampleGrid(images: Self.images, imageHeight: 2, imageWidth: 2, rows: [("a", [0, 1])]).writePNG(to: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // The IHDR chunk (bytes 16–23) holds the width and height, big-endian: label 110 + 2 columns × (2·3 + 2)
        // + gap 2 = 128 by 1 row × 8 + 2 = 10.
        #expect(Array(bytes[16..<24]) == [0, 0, 0, 128, 0, 0, 0, 10])
    }
}
