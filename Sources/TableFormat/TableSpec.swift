// A table as a plain value: title, columns, alignment, rows of cells, notes. Every output of recstats
// that is a table (stats, models, the report's tables, --figures-dir) is one of these, rendered by
// `TableWriter` as text, CSV, Markdown or LaTeX, or drawn by ReportRendering.
import Foundation

public struct TableCell: Sendable, Equatable, ExpressibleByStringLiteral {
    public var text: String
    /// Marks the best value of a column.
    public var bold: Bool

    public init(_ text: String, bold: Bool = false) {
        self.text = text
        self.bold = bold
    }

    public init(stringLiteral value: String) { self.init(value) }
}

public enum ColumnAlignment: Sendable, Equatable { case left, right, center }

public struct TableSpec: Sendable, Equatable {
    public var title: String
    /// File name stem for the exported copies (`summary-top1`).
    public var slug: String
    public var columns: [String]
    public var alignments: [ColumnAlignment]
    public var rows: [[TableCell]]
    public var notes: [String]
    /// Leading columns repeated in every chunk when the table is split by width.
    public var keyColumns: Int

    public init(
        title: String, slug: String, columns: [String], alignments: [ColumnAlignment]? = nil, rows: [[TableCell]],
        notes: [String] = [], keyColumns: Int = 1
    ) {
        for (i, row) in rows.enumerated() {
            precondition(row.count == columns.count, "TableSpec \(slug): row \(i) has \(row.count) cells for \(columns.count) columns")
        }
        self.title = title
        self.slug = slug
        self.columns = columns
        self.alignments = alignments ?? columns.indices.map { $0 < keyColumns ? .left : .right }
        self.rows = rows
        self.notes = notes
        self.keyColumns = keyColumns
    }
}

