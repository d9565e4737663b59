// The audit page that follows the cover, "What the published numbers support": the headline, then each
// claim with its verdict, where it stands, the quoted sentence, the finding and the page of its evidence;
// and the evidence section at the end of the body. Draws RankStats' PaperAudit; decides nothing.
import Foundation
import RankStats
import TableFormat

struct AuditPage {
    var audit: PaperAudit
    /// The 1-based page of each finding's evidence (nil: none placed).
    var evidencePages: [Int?]
    var typesetter: Typesetter
    var theme: Theme

    static let verdictColumn = 86.0

    func color(_ verdict: ClaimVerdict) -> Color {
        switch verdict {
        case .supported: return Color(hex: 0x009E73)
        case .notSupported: return theme.significant
        case .cannotBeChecked: return theme.muted
        }
    }

    /// The page(s): one unless the findings outgrow it, then the entries flow on.
    func drawings() -> [Drawing] {
        var pages: [Drawing] = []
        var d = Drawing(width: theme.pageWidth, height: theme.pageHeight)
        let x = theme.margin
        let width = theme.contentWidth
        let bottom = theme.pageHeight - theme.margin
        var y = theme.margin
        d.add(.text(typesetter.text(PaperAudit.title, at: Point(x, y), size: theme.titleSize, weight: .bold, baseline: .top, color: theme.ink)))
        y += typesetter.lineHeight(size: theme.titleSize) + 6
        let intro = NoteWriter(typesetter: typesetter, size: theme.bodySize, color: theme.ink)
        y = intro.write(audit.headline, into: &d, x: x, y: y, width: width, weight: .bold) + 2
        let note = NoteWriter(typesetter: typesetter, size: theme.noteSize, color: theme.muted)
        y = note.write(
            "Each claim beside what recstats computes from the paper's own tables, formulas and code; the page under each verdict shows the evidence.",
            into: &d, x: x, y: y, width: width) + 6

        let textX = x + AuditPage.verdictColumn
        let textWidth = width - AuditPage.verdictColumn
        let verdictWriter = { (c: Color) in NoteWriter(typesetter: typesetter, size: theme.labelSize, color: c) }
        let title = NoteWriter(typesetter: typesetter, size: theme.labelSize, color: theme.ink)
        let quote = NoteWriter(typesetter: typesetter, size: theme.noteSize, color: theme.muted)
        let body = NoteWriter(typesetter: typesetter, size: theme.noteSize, color: theme.ink)
        for (i, f) in audit.findings.enumerated() {
            let heading = "\(i + 1). \(f.claim.statement) (\(f.claim.location))"
            let quoted = "“\(f.claim.quote)”"
            let page = evidencePages.indices.contains(i) ? evidencePages[i] : nil
            let finding = f.summary
            let verdict = f.verdict.rawValue + (f.pending ? " (pending)" : "")
            let evidence = page.map { "Evidence: page \($0)" } ?? ""
            let height = max(
                title.height(heading, width: textWidth, weight: .bold) + quote.height(quoted, width: textWidth)
                    + body.height(finding, width: textWidth),
                verdictWriter(theme.ink).height(verdict, width: AuditPage.verdictColumn - 8, weight: .bold)
                    + quote.height(evidence, width: AuditPage.verdictColumn - 8)) + 7
            if y + height > bottom {
                pages.append(d)
                d = Drawing(width: theme.pageWidth, height: theme.pageHeight)
                y = theme.margin
            }
            d.line(Point(x, y), Point(x + width, y), Stroke(theme.grid, width: 0.5))
            let top = y + 4
            let vy = verdictWriter(color(f.verdict)).write(verdict, into: &d, x: x, y: top, width: AuditPage.verdictColumn - 8, weight: .bold)
            _ = quote.write(evidence, into: &d, x: x, y: vy, width: AuditPage.verdictColumn - 8)
            var ty = title.write(heading, into: &d, x: textX, y: top, width: textWidth, weight: .bold)
            ty = quote.write(quoted, into: &d, x: textX, y: ty, width: textWidth)
            ty = body.write(finding, into: &d, x: textX, y: ty, width: textWidth)
            y = max(ty, vy + quote.lineStep) + 3
        }
        pages.append(d)
        return pages
    }

    /// Lays out the audit pages with evidence page numbers that depend on how many audit pages there
    /// are: `bodyPages[i]` is the 0-based body page of finding i's evidence.
    static func layout(_ audit: PaperAudit, bodyPages: [Int?], typesetter: Typesetter, theme: Theme) -> [Drawing] {
        var count = 1
        for _ in 0..<3 {
            let pages = AuditPage(
                audit: audit, evidencePages: bodyPages.map { $0.map { $0 + 2 + count } }, typesetter: typesetter, theme: theme
            ).drawings()
            if pages.count == count { return pages }
            count = pages.count
        }
        return AuditPage(
            audit: audit, evidencePages: bodyPages.map { $0.map { $0 + 2 + count } }, typesetter: typesetter, theme: theme
        ).drawings()
    }
}

extension ReportBuilder {
    static let auditEvidenceSection = "Evidence for the claims of the paper"

    /// The evidence section at the end of the body: per claim a heading, the quote, the finding and its
    /// tables. Returns the 0-based body page where each claim's heading landed.
    func placeAuditEvidence(_ audit: PaperAudit, in composer: inout PageComposer) -> [Int?] {
        composer.section(ReportBuilder.auditEvidenceSection)
        var pages: [Int?] = []
        for (i, f) in audit.findings.enumerated() {
            composer.heading("\(i + 1). \(f.claim.location): \(f.verdict.rawValue)", size: theme.headingSize - 1, keepWith: 60)
            pages.append(composer.pages.count)
            composer.paragraph(f.claim.statement + ".", size: theme.bodySize)
            composer.paragraph("“\(f.claim.quote)”", size: theme.noteSize, color: theme.muted)
            composer.paragraph(f.finding, size: theme.bodySize)
            for table in f.evidence { placeTable(table, in: &composer) }
        }
        return pages
    }
}
