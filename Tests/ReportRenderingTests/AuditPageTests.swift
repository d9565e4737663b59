// The audit page of the paper's report: it follows the cover, fits on one page without overlaps, lists
// every claim with its verdict, and each "Evidence: page N" names the page where that claim's evidence
// begins. Laid out with the fake metrics (no Cairo).
import Foundation
import RankStats
import RunRecords
import Testing
@testable import ReportRendering

@Suite struct AuditPageTests {
    static let paper = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("results/paper").path

    /// The paper's report with the audit; zoo counts stand in as Table 8's printed ones (the renderer
    /// draws whatever the audit says).
    func paperReport() throws -> (Report, PaperAudit) {
        let results = try ResultsReader.load(path: Self.paper)
        var input = PaperAuditInput(results: results)
        for o in input.tables[.table8] ?? [] {
            if o.metric == "params" { input.zooParameters[o.model] = Int(o.value) }
            if o.metric == "flops" { input.zooFLOPs[o.model] = o.value }
        }
        let audit = PaperAudit.run(input)
        var options = ReportOptions(inputDescription: "results/paper")
        options.audit = audit
        return (try ReportBuilder(options: options, typesetter: fakeTypesetter).build(results), audit)
    }

    @Test func auditPageFollowsTheCover() throws {
        let (report, audit) = try paperReport()
        expectCleanPages(report, "paper with audit")
        let page = report.pages[1]
        #expect(page.texts.contains { $0.string == PaperAudit.title && $0.weight == .bold })
        // One page: page 3 is the first of the body, not a continuation of the audit.
        #expect(!report.pages[2].texts.contains { $0.string == PaperAudit.title && $0.weight == .bold })
        #expect(report.contents.first?.title == PaperAudit.title && report.contents.first?.page == 2)
        #expect(report.pages[0].texts.contains { $0.string == "This report has \(report.pages.count) pages." })
        for entry in report.contents {
            #expect(report.pages[entry.page - 1].texts.contains { $0.string == entry.title && $0.weight == .bold }, "\(entry.title)")
        }
        // Every verdict is on the page, in the audit's order.
        let joined = page.texts.map(\.string).joined(separator: " ")
        var cursor = joined.startIndex
        for (i, f) in audit.findings.enumerated() {
            let range = try #require(joined.range(of: "\(i + 1). \(f.claim.statement)", range: cursor..<joined.endIndex), "claim \(i + 1)")
            cursor = range.upperBound
        }
        #expect(page.texts.filter { $0.string.hasPrefix("not") || $0.string.hasPrefix("supported") || $0.string.hasPrefix("cannot") }
            .count >= audit.findings.count)
        // "Evidence: page N" under each verdict, and page N begins that claim's evidence.
        let numbers = page.texts.map(\.string).filter { $0.hasPrefix("Evidence: page ") }.compactMap { Int($0.dropFirst(15)) }
        #expect(numbers.count == audit.findings.count)
        for (i, (n, f)) in zip(numbers, audit.findings).enumerated() {
            #expect(n > 2 && n <= report.pages.count)
            let heading = "\(i + 1). \(f.claim.location): \(f.verdict.rawValue)"
            #expect(report.pages[n - 1].texts.contains { $0.string == heading && $0.weight == .bold }, "\(heading) on page \(n)")
        }
        // The evidence tables are exported with the others.
        #expect(report.tables.contains { $0.slug == "audit-summary" } && report.tables.contains { $0.slug == "audit-table8-zoo" })
    }

    @Test func noAuditWithoutThePaper() throws {
        let records = SyntheticRecords.records(models: syntheticModels(2), datasets: ["a", "b"], seeds: [0, 1], epochs: 4)
        let report = try buildReport(SyntheticRecords.resultSet(records))
        #expect(!report.pages.flatMap(\.texts).contains { $0.string == PaperAudit.title })
        #expect(report.contents.first?.page == 2 && report.contents.first?.title != PaperAudit.title)
    }
}
