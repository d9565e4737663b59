// One renderer for every table recstats prints or writes: aligned plain text, CSV (RFC 4180 quoting),
// Markdown (GFM pipes) and LaTeX (booktabs). One CSV quoter, one LaTeX escaper, one p-value format.
import Foundation

/// The text formats a table can be written in.
public enum TableOutput: String, Sendable, CaseIterable, Codable {
    case text, csv, markdown, latex
}

public enum TableWriter {
    public static func render(_ table: TableSpec, as format: TableOutput) -> String {
        switch format {
        case .text: return text(table)
        case .csv: return csv(table)
        case .markdown: return markdown(table)
        case .latex: return latex(table)
        }
    }

    /// The one p-value format of every output: not available (NaN) as "–", 0 as "0", below 1e-4 in scientific notation with three
    /// significant digits ("3.90e-32"), else four significant digits ("0.08333").
    public static func pValue(_ p: Double) -> String {
        guard p.isFinite else { return p.isNaN ? "–" : (p > 0 ? "inf" : "-inf") }
        return p == 0 ? "0" : String(format: p < 1e-4 ? "%.2e" : "%.4g", p)
    }

    /// One RFC 4180 field: quoted when it holds a comma, a quote or a line break; quotes doubled.
    public static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// Plain text for a terminal: the title, the columns padded to their widest cell (left or right
    /// as the column is aligned, two spaces apart, each line indented by two), then the notes.
    public static func text(_ table: TableSpec) -> String {
        let header = table.columns.map(flat)
        let body = table.rows.map { $0.map(\.text) }
        let all = [header] + body
        var widths = [Int](repeating: 0, count: table.columns.count)
        for row in all { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ row: [String]) -> String {
            let cells = row.enumerated().map { i, cell -> String in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                switch table.alignments[i] {
                case .right: return pad + cell
                case .left: return cell + pad
                case .center:
                    let left = String(repeating: " ", count: pad.count / 2)
                    return left + cell + String(repeating: " ", count: pad.count - left.count)
                }
            }
            var s = "  " + cells.joined(separator: "  ")
            while s.last == " " { s.removeLast() }
            return s
        }
        var lines: [String] = []
        if !table.title.isEmpty { lines.append(table.title) }
        lines.append(line(header))
        lines += body.map(line)
        lines += table.notes.map { "  " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A multi-line header cell on one line.
    static func flat(_ header: String) -> String { header.replacingOccurrences(of: "\n", with: " ") }

    public static func csv(_ table: TableSpec) -> String {
        let lines = [table.columns.map { csvField(flat($0)) }.joined(separator: ",")]
            + table.rows.map { $0.map { csvField($0.text) }.joined(separator: ",") }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func markdown(_ table: TableSpec) -> String {
        func cell(_ c: TableCell) -> String {
            let text = c.text.replacingOccurrences(of: "|", with: "\\|")
            return c.bold ? "**\(text)**" : text
        }
        var lines = ["**\(table.title)**", ""]
        lines.append("| " + table.columns.map { flat($0).replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |")
        lines.append("|" + table.alignments.map { a -> String in
            switch a {
            case .left: return ":---"
            case .right: return "---:"
            case .center: return ":---:"
            }
        }.joined(separator: "|") + "|")
        lines += table.rows.map { "| " + $0.map(cell).joined(separator: " | ") + " |" }
        if !table.notes.isEmpty { lines += ["", table.notes.joined(separator: " ")] }
        return lines.joined(separator: "\n") + "\n"
    }

    /// LaTeX special characters escaped; ±, α, β, ≤, ≥, <, >, ×, ∂, ·, –, − in math mode.
    public static func latexEscape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "\\": out += "\\textbackslash{}"
            case "&", "%", "$", "#", "_", "{", "}": out += "\\\(ch)"
            case "~": out += "\\textasciitilde{}"
            case "^": out += "\\textasciicircum{}"
            case "±": out += "$\\pm$"
            case "α": out += "$\\alpha$"
            case "≤": out += "$\\le$"
            case "≥": out += "$\\ge$"
            case "<": out += "$<$"
            case ">": out += "$>$"
            case "×": out += "$\\times$"
            case "∂": out += "$\\partial$"
            case "·": out += "$\\cdot$"
            case "β": out += "$\\beta$"
            case "−": out += "$-$"
            case "–": out += "--"
            case "“": out += "``"
            case "”": out += "''"
            default: out.append(ch)
            }
        }
        return out
    }

    public static func latex(_ table: TableSpec) -> String {
        let spec = table.alignments.map { a -> String in
            switch a {
            case .left: return "l"
            case .right: return "r"
            case .center: return "c"
            }
        }.joined()
        func cell(_ c: TableCell) -> String { c.bold ? "\\textbf{\(latexEscape(c.text))}" : latexEscape(c.text) }
        var lines = [
            "% Requires \\usepackage{booktabs}. Written by recstats.",
            "\\begin{table}[t]", "\\centering", "\\caption{\(latexEscape(table.title))}",
            "\\label{tab:\(table.slug)}", "\\begin{tabular}{\(spec)}", "\\toprule",
            table.columns.map { latexEscape(flat($0)) }.joined(separator: " & ") + " \\\\", "\\midrule",
        ]
        lines += table.rows.map { $0.map(cell).joined(separator: " & ") + " \\\\" }
        lines.append("\\bottomrule")
        lines.append("\\end{tabular}")
        if !table.notes.isEmpty {
            lines.append("\\par\\smallskip{\\footnotesize \(latexEscape(table.notes.joined(separator: " ")))}")
        }
        lines.append("\\end{table}")
        return lines.joined(separator: "\n") + "\n"
    }
}
