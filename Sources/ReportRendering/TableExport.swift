// A table written for a paper: LaTeX (booktabs), CSV (RFC 4180 quoting) and Markdown (GFM pipes).
import Foundation

public enum TableExport {
    /// A multi-line header cell on one line.
    static func flat(_ header: String) -> String { header.replacingOccurrences(of: "\n", with: " ") }

    public static func csv(_ table: TableSpec) -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        let lines = [table.columns.map { field(flat($0)) }.joined(separator: ",")]
            + table.rows.map { $0.map { field($0.text) }.joined(separator: ",") }
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

    /// LaTeX special characters escaped; ±, α, ≤, ≥, <, >, ×, –, − in math mode.
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
