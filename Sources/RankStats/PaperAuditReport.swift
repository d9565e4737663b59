// The paper audit as text or Markdown (what `recstats audit` prints): the title, the headline, the
// claims with their verdicts in one table, then each claim with its quote, finding and evidence tables
// (rendered by TableWriter). CSV and LaTeX give the summary table alone. Returns strings only.
import Foundation
import TableFormat

public enum PaperAuditReport {
    /// One row per claim: number, location, claim, verdict.
    public static func summaryTable(_ audit: PaperAudit) -> TableSpec {
        TableSpec(
            title: PaperAudit.title, slug: "audit-summary", columns: ["#", "Where", "Claim", "Verdict"],
            alignments: [.right, .left, .left, .left],
            rows: audit.findings.enumerated().map { i, f in
                [TableCell("\(i + 1)"), TableCell(f.claim.location), TableCell(f.claim.statement),
                 TableCell(f.verdict.rawValue + (f.pending ? " (pending)" : ""), bold: f.verdict == .notSupported)]
            },
            notes: [audit.headline])
    }

    public static func render(_ audit: PaperAudit, as format: TableOutput) -> String {
        switch format {
        case .csv, .latex: return TableWriter.render(summaryTable(audit), as: format)
        case .text: return text(audit)
        case .markdown: return markdown(audit)
        }
    }

    static func text(_ audit: PaperAudit) -> String {
        var out = [PaperAudit.title, audit.headline, "", TableWriter.text(summaryTable(audit))]
        for (i, f) in audit.findings.enumerated() {
            out.append("\(i + 1). \(f.claim.statement) (\(f.claim.location)): \(f.verdict.rawValue.uppercased())")
            out.append("   “\(f.claim.quote)”")
            out.append("   \(f.finding)")
            for table in f.evidence { out.append(""); out.append(TableWriter.text(table)) }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    static func markdown(_ audit: PaperAudit) -> String {
        var out = ["# \(PaperAudit.title)", "", "**\(audit.headline)**", ""]
        var summary = summaryTable(audit)
        summary.title = "Claims and verdicts"
        summary.notes = []
        summary.rows = summary.rows.map { row in var row = row; row[3].bold = true; return row }  // every verdict stands out
        out.append(TableWriter.markdown(summary))
        for (i, f) in audit.findings.enumerated() {
            out += ["", "## \(i + 1). \(f.claim.statement) — \(f.verdict.rawValue)", "", "*\(f.claim.location)*", ""]
            out.append("> \(f.claim.quote)")
            out += ["", f.finding]
            for table in f.evidence { out += ["", TableWriter.markdown(table)] }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
