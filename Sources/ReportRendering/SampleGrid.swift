// A grid of dataset samples for a person to look at: one row per class (its name on the left), images
// enlarged by pixel replication. Layout is pure (the RGB canvas and label positions); Cairo only encodes
// the PNG and draws the names.
import Foundation
import RunRecords

public struct SampleGrid {
    /// Images stored channel-planar (all R, then G, then B), `channels × imageHeight × imageWidth` bytes each.
    public let images: [UInt8]
    public let channels: Int
    public let imageHeight: Int
    public let imageWidth: Int
    /// One row per class: its label and the indices of the images shown in it.
    public let rows: [(label: String, images: [Int])]
    public var scale = 3
    public var gap = 2
    public var labelWidth = 110
    public var fontSize = 11.0
    /// Rows are laid out in this many side-by-side blocks (top to bottom, then the next block), so that
    /// 100 classes make a page rather than a strip.
    public var blocks = 1

    public init(images: [UInt8], channels: Int = 3, imageHeight: Int = 32, imageWidth: Int = 32, rows: [(label: String, images: [Int])]) {
        precondition(channels == 1 || channels == 3, "SampleGrid expected 1 or 3 channels, got \(channels)")
        precondition(images.count % (channels * imageHeight * imageWidth) == 0, "SampleGrid expected whole images")
        self.images = images
        self.channels = channels
        self.imageHeight = imageHeight
        self.imageWidth = imageWidth
        self.rows = rows
    }

    var cellWidth: Int { imageWidth * scale + gap }
    var cellHeight: Int { imageHeight * scale + gap }
    var columns: Int { rows.map(\.images.count).max() ?? 0 }
    var rowsPerBlock: Int { max(1, (rows.count + blocks - 1) / max(1, blocks)) }
    var blockWidth: Int { labelWidth + columns * cellWidth + gap }

    /// The canvas: width, height, interleaved RGB bytes (white background) and the label positions.
    public func layout() -> (width: Int, height: Int, rgb: [UInt8], labels: [(text: String, x: Double, y: Double)]) {
        let usedBlocks = (rows.count + rowsPerBlock - 1) / rowsPerBlock
        let width = max(1, usedBlocks) * blockWidth
        let height = min(rows.count, rowsPerBlock) * cellHeight + gap
        var rgb = [UInt8](repeating: 255, count: width * height * 3)
        let plane = imageHeight * imageWidth
        var labels: [(text: String, x: Double, y: Double)] = []
        for (r, row) in rows.enumerated() {
            let top = gap + (r % rowsPerBlock) * cellHeight
            let blockLeft = (r / rowsPerBlock) * blockWidth
            labels.append((row.label, Double(blockLeft + 4), Double(top) + Double(imageHeight * scale) / 2 + fontSize / 3))
            for (c, index) in row.images.enumerated() {
                let left = blockLeft + labelWidth + c * cellWidth
                let base = index * channels * plane
                for y in 0..<(imageHeight * scale) {
                    for x in 0..<(imageWidth * scale) {
                        let source = (y / scale) * imageWidth + x / scale
                        let target = ((top + y) * width + left + x) * 3
                        for k in 0..<3 {
                            rgb[target + k] = images[base + (channels == 3 ? k : 0) * plane + source]
                        }
                    }
                }
            }
        }
        return (width, height, rgb, labels)
    }

    /// Writes the grid as a PNG file, atomically.
    public func writePNG(to path: String) throws {
        let canvas = layout()
        let png = try Cairo.pngData(rgb: canvas.rgb, width: canvas.width, height: canvas.height, labels: canvas.labels, fontSize: fontSize)
        do {
            try AtomicFile.write(Data(png), to: path)
        } catch {
            throw ReportError.writeFailed(path: path, reason: "\(error)")
        }
    }
}
