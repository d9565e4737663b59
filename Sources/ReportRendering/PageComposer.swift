// Flows headings, paragraphs, figures and tables down A4 pages; records where each section starts so
// the cover can list contents with page numbers; stamps running headers and "page i of N" footers last.
import Foundation

struct PageComposer {
    let typesetter: Typesetter
    let theme: Theme
    private(set) var pages: [Drawing] = []
    private(set) var sections: [(title: String, pageIndex: Int)] = []
    private var y: Double = 0
    private var current: Drawing

    init(typesetter: Typesetter, theme: Theme) {
        self.typesetter = typesetter
        self.theme = theme
        current = Drawing(width: theme.pageWidth, height: theme.pageHeight)
        y = theme.margin
    }

    var bodyBottom: Double { theme.pageHeight - theme.margin }
    var remaining: Double { bodyBottom - y }
    var isPageEmpty: Bool { y <= theme.margin + 1e-9 }

    mutating func newPage() {
        if isPageEmpty { return }
        pages.append(current)
        current = Drawing(width: theme.pageWidth, height: theme.pageHeight)
        y = theme.margin
    }

    /// Starts a section on a fresh page; the title appears in the contents.
    mutating func section(_ title: String) {
        if !isPageEmpty { newPage() }
        sections.append((title, pages.count))
        heading(title, size: theme.headingSize + 2)
    }

    /// A heading kept together with at least `keepWith` points of what follows.
    mutating func heading(_ text: String, size: Double? = nil, keepWith: Double = 90) {
        let size = size ?? theme.headingSize
        let height = typesetter.lineHeight(size: size) + 8
        if remaining < height + keepWith { newPage() }
        current.add(.text(typesetter.text(
            typesetter.elided(text, width: theme.contentWidth, size: size, weight: .bold), at: Point(theme.margin, y),
            size: size, weight: .bold, baseline: .top, color: theme.ink)))
        y += height
    }

    /// A wrapped paragraph; continues on the next page when needed.
    mutating func paragraph(_ text: String, size: Double? = nil, color: Color? = nil) {
        let writer = NoteWriter(typesetter: typesetter, size: size ?? theme.bodySize, color: color ?? theme.ink)
        for line in writer.wrap(text, width: theme.contentWidth) {
            if remaining < writer.lineStep { newPage() }
            y = writer.write(line, into: &current, x: theme.margin, y: y, width: theme.contentWidth)
        }
        y += 5
    }

    /// Places a drawing (at most the body's size) at the left margin, on a new page if it does not fit.
    mutating func place(_ drawing: Drawing, spacing: Double = 14) {
        precondition(drawing.height <= theme.contentHeight + 1e-6, "PageComposer: a \(drawing.height) pt drawing exceeds the page body")
        if remaining < drawing.height { newPage() }
        current.place(drawing, dx: theme.margin, dy: y)
        y += drawing.height + spacing
    }

    /// Places drawings side by side in one row (total width at most the content width).
    mutating func placeRow(_ drawings: [Drawing], gap: Double, spacing: Double = 12) {
        let height = drawings.map(\.height).max() ?? 0
        if remaining < height { newPage() }
        var x = theme.margin
        for d in drawings {
            current.place(d, dx: x, dy: y)
            x += d.width + gap
        }
        y += height + spacing
    }

    /// Closes the last page and returns the pages (without headers and footers: see `stamp`).
    mutating func finish() -> [Drawing] {
        if !isPageEmpty { pages.append(current) }
        current = Drawing(width: theme.pageWidth, height: theme.pageHeight)
        y = theme.margin
        return pages
    }

    /// Adds the running header (section title) and footer ("page i of N") to every page.
    static func stamp(_ pages: [Drawing], headers: [String], typesetter: Typesetter, theme: Theme) -> [Drawing] {
        pages.enumerated().map { i, page in
            var page = page
            let footer = "page \(i + 1) of \(pages.count)"
            page.add(.text(typesetter.text(
                footer, at: Point(theme.pageWidth / 2, theme.pageHeight - theme.margin / 2), size: theme.noteSize,
                anchor: .middle, baseline: .middle, color: theme.muted)))
            if !headers[i].isEmpty {
                let header = typesetter.elided(headers[i], width: theme.contentWidth, size: theme.noteSize)
                page.add(.text(typesetter.text(
                    header, at: Point(theme.margin, theme.margin / 2), size: theme.noteSize, baseline: .middle, color: theme.muted)))
                page.line(
                    Point(theme.margin, theme.margin / 2 + 7), Point(theme.pageWidth - theme.margin, theme.margin / 2 + 7),
                    Stroke(theme.grid, width: 0.5))
            }
            return page
        }
    }
}
