// A table as plain values, laid out in booktabs style (rules above, below the header and at the end,
// no vertical lines). Too wide for the page: the font shrinks to a floor, then the columns are split
// into chunks that each repeat the key columns. Too long: the rows continue on further drawings.
import Foundation
import TableFormat

public struct TableRenderer: Sendable {
    public var table: TableSpec
    public var width: Double
    public var theme: Theme
    public var minimumSize = 6.5

    public init(table: TableSpec, width: Double, theme: Theme = .standard) {
        self.table = table
        self.width = width
        self.theme = theme
    }

    let padding = 9.0

    func columnWidths(_ typesetter: Typesetter, size: Double) -> [Double] {
        table.columns.indices.map { c in
            let cells = table.columns[c].split(separator: "\n").map { typesetter.width(String($0), size: size, weight: .bold) }
                + table.rows.map { typesetter.width($0[c].text, size: size, weight: $0[c].bold ? .bold : .regular) }
            return cells.max()! + padding
        }
    }

    /// Chunks of column indices (each starting with the key columns) that fit the width at `size`.
    func columnChunks(_ widths: [Double]) -> [[Int]] {
        let keys = Array(0..<min(table.keyColumns, widths.count))
        let keyWidth = keys.map { widths[$0] }.reduce(0, +)
        var chunks: [[Int]] = []
        var current = keys
        var used = keyWidth
        for c in table.keyColumns..<widths.count {
            if used + widths[c] > width && current.count > keys.count {
                chunks.append(current)
                current = keys
                used = keyWidth
            }
            current.append(c)
            used += widths[c]
        }
        if current.count > keys.count || chunks.isEmpty { chunks.append(current) }
        return chunks
    }

    /// The font size used: the body size, shrunk (not below the floor) so the table fits the width.
    public func fontSize(_ typesetter: Typesetter) -> Double {
        let size = theme.bodySize - 1
        let natural = columnWidths(typesetter, size: size).reduce(0, +)
        if natural <= width { return size }
        // Text scales with the size, padding does not.
        let paddings = padding * Double(table.columns.count)
        return max(minimumSize, size * (width - paddings) / (natural - paddings) - 0.01)
    }

    /// The table drawn on as many drawings as it needs, none taller than `maxHeight`.
    public func drawings(_ typesetter: Typesetter, maxHeight: Double) -> [Drawing] {
        let size = fontSize(typesetter)
        let widths = columnWidths(typesetter, size: size)
        let chunks = columnChunks(widths)
        let rowHeight = typesetter.lineHeight(size: size) * 1.35
        let captionSize = theme.bodySize
        let notes = NoteWriter(typesetter: typesetter, size: theme.noteSize, color: theme.muted)
        let notesText = table.notes.joined(separator: " ")
        let notesHeight = notesText.isEmpty ? 0 : notes.height(notesText, width: width) + 4
        let captionHeight = typesetter.lineHeight(size: captionSize) + 6
        // A header may have several lines ("cifar10\ntop-1 (%)").
        let headerLines = table.columns.map { $0.split(separator: "\n").count }.max() ?? 1
        let headerHeight = rowHeight + Double(headerLines - 1) * typesetter.lineHeight(size: size) * 1.1
        let fixed = captionHeight + headerHeight + 4 + 6
        let rowsPerDrawing = max(1, Int((maxHeight - fixed - notesHeight) / rowHeight))
        var result: [Drawing] = []
        let rowChunks = stride(from: 0, to: max(table.rows.count, 1), by: rowsPerDrawing).map {
            Array(table.rows.indices[$0..<min($0 + rowsPerDrawing, table.rows.count)])
        }
        let totalParts = chunks.count * rowChunks.count
        for (ci, columns) in chunks.enumerated() {
            for (ri, rows) in rowChunks.enumerated() {
                let part = ci * rowChunks.count + ri + 1
                let isLast = part == totalParts
                let height = fixed + Double(rows.count) * rowHeight + (isLast ? notesHeight : 0)
                var d = Drawing(width: width, height: height)
                let caption = totalParts > 1 ? "\(table.title) (part \(part) of \(totalParts))" : table.title
                d.add(.text(typesetter.text(
                    typesetter.elided(caption, width: width, size: captionSize, weight: .bold), at: Point(0, 0),
                    size: captionSize, weight: .bold, baseline: .top, color: theme.ink)))
                var y = captionHeight
                let tableWidth = columns.map { widths[$0] }.reduce(0, +)
                d.line(Point(0, y), Point(tableWidth, y), Stroke(theme.ink, width: 0.9))
                y += 2
                for line in 0..<headerLines {
                    // Lines bottom-aligned, so single-line headers sit on the last line.
                    let cells = columns.map { c -> TableCell in
                        let parts = table.columns[c].split(separator: "\n").map(String.init)
                        let index = line - (headerLines - parts.count)
                        return TableCell(index >= 0 ? parts[index] : "", bold: true)
                    }
                    drawRow(into: &d, cells: cells, columns: columns, widths: widths, y: y + Double(line) * typesetter.lineHeight(size: size) * 1.1, size: size, typesetter: typesetter)
                }
                y += headerHeight
                d.line(Point(0, y), Point(tableWidth, y), Stroke(theme.ink, width: 0.5))
                y += 2
                for r in rows {
                    drawRow(into: &d, cells: columns.map { table.rows[r][$0] }, columns: columns, widths: widths, y: y, size: size, typesetter: typesetter)
                    y += rowHeight
                }
                d.line(Point(0, y), Point(tableWidth, y), Stroke(theme.ink, width: 0.9))
                if isLast && !notesText.isEmpty {
                    _ = notes.write(notesText, into: &d, x: 0, y: y + 4, width: width)
                }
                result.append(d)
            }
        }
        return result
    }

    func drawRow(into d: inout Drawing, cells: [TableCell], columns: [Int], widths: [Double], y: Double, size: Double, typesetter: Typesetter) {
        var x = 0.0
        let mid = y + typesetter.lineHeight(size: size) * 1.35 / 2
        for (cell, c) in zip(cells, columns) {
            let w = widths[c]
            if cell.text.isEmpty {
                x += w
                continue
            }
            let (px, anchor): (Double, TextAnchor)
            switch table.alignments[c] {
            case .left: (px, anchor) = (x + padding / 2, .start)
            case .right: (px, anchor) = (x + w - padding / 2, .end)
            case .center: (px, anchor) = (x + w / 2, .middle)
            }
            d.add(.text(typesetter.text(
                cell.text, at: Point(px, mid), size: size, weight: cell.bold ? .bold : .regular, anchor: anchor,
                baseline: .middle, color: theme.ink)))
            x += w
        }
    }
}
