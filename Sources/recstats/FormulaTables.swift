// The formula commands' outputs: the Formulas values (a leaf module without TableFormat) laid out as
// TableSpecs for text/Markdown/LaTeX, and as Codable JSON. Presentation only; nothing is computed here.
import Foundation
import Formulas
import TableFormat

enum FormulaTables {
    struct ListedDesign: Codable {
        let name: String
        let formula: String
        let source: String

        init(_ d: NamedDesign) {
            name = d.rawValue
            formula = d.formulaText
            source = d.source
        }
    }

    /// The analysis as JSON; with `--initial-values` one more key, `initial_value_form`.
    struct AnalysisDocument: Encodable {
        let analysis: FormulaAnalysis
        let initial: InitialValueSummary?

        func encode(to encoder: Encoder) throws {
            try analysis.encode(to: encoder)
            if let initial {
                var c = encoder.container(keyedBy: Key.self)
                try c.encode(initial, forKey: Key(stringValue: "initial_value_form")!)
            }
        }

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func tableOutput(_ f: FormulaFormat) -> TableOutput {
        switch f {
        case .markdown: return .markdown
        case .latex: return .latex
        case .text, .json: return .text
        }
    }

    static func designList() -> TableSpec {
        TableSpec(
            title: "Named designs (β = \(NamedDesign.beta) for heavy-ball and nesterov)", slug: "formula-designs",
            columns: ["name", "formula", "source"], alignments: [.left, .left, .left],
            rows: NamedDesign.allCases.map { [TableCell($0.rawValue), TableCell($0.formulaText), TableCell($0.source)] })
    }

    /// One row per lag: ∂X_L/∂X_{L−i} written out.
    static func expansions(_ lags: [LagExpansion], title: String, slug: String) -> TableSpec {
        TableSpec(
            title: title, slug: slug, columns: ["lag i", "∂X_L/∂X_{L−i}"], alignments: [.right, .left],
            rows: lags.map { [TableCell("\($0.lag)"), TableCell($0.rendered)] })
    }

    /// One row per lag, one column per path length 0 … depth, and the total.
    static func pathCounts(_ lags: [LagExpansion], title: String, slug: String) -> TableSpec {
        let depth = lags.map(\.lag).max() ?? 0
        let rows = lags.map { lag -> [TableCell] in
            [TableCell("\(lag.lag)")]
                + (0...depth).map { k in TableCell(k < lag.pathsByLength.count ? "\(lag.pathsByLength[k])" : "") }
                + [TableCell("\(lag.pathsByLength.reduce(0, +))")]
        }
        return TableSpec(
            title: title, slug: slug, columns: ["lag i"] + (0...depth).map { "k=\($0)" } + ["paths"], rows: rows,
            notes: ["k = number of blocks a path goes through (W factors); a path is a monomial with a non-zero coefficient."])
    }

    static func analysis(
        _ a: FormulaAnalysis, recursion: LinearRecursion, initial: InitialValueSummary?, format: FormulaFormat
    ) throws -> String {
        if format == .json { return try json(AnalysisDocument(analysis: a, initial: initial)) + "\n" }
        let label = a.name.map { " (\($0))" } ?? ""
        var sections: [String] = []
        let counts = pathCounts(a.lags, title: "Paths by length\(label)", slug: "formula-paths")
        if format == .text {
            var head = ["\(a.formula)\(label)", "activation-free: \(recursion.rendered)", ""]
            head += a.lags.map { "\($0.derivativeName) = \($0.rendered)" }
            sections.append(head.joined(separator: "\n") + "\n")
            sections.append(TableWriter.render(counts, as: .text))
        } else {
            let out = tableOutput(format)
            let e = expansions(a.lags, title: "\(a.formula)\(label); activation-free \(recursion.rendered)", slug: "formula-expansion")
            sections.append(TableWriter.render(e, as: out))
            sections.append(TableWriter.render(counts, as: out))
        }
        if let initial { sections.append(initialValues(initial, format: format)) }
        return sections.joined(separator: "\n")
    }

    static func initialValues(_ s: InitialValueSummary, format: FormulaFormat) -> String {
        guard let formula = s.formula, let lags = s.lags else {
            let line = "Initial values (Eq. 21): no first-order form X_q = (a + b·W_q) X_{q−1} + c·X_0 reproduces X_2 … X_\(s.blocksChecked)."
            return format == .latex ? "% \(line)\n" : line + "\n"
        }
        let verdict = s.sameFunction
            ? "the same function of X_0 for X_1 … X_\(s.blocksChecked) (no history before block 1), a different architecture wherever the paths differ"
            : "X_2 … X_\(s.blocksChecked) agree once X_1 is given, but X_1 differs (no history before block 1)"
        let title = "Initial values brought in (Eq. 21): \(formula) — \(verdict)"
        if format == .text {
            var lines = [title, ""]
            lines += lags.map { "\($0.derivativeName) = \($0.rendered)" }
            let table = pathCounts(lags, title: "Paths by length (initial values brought in)", slug: "formula-initial-values")
            return lines.joined(separator: "\n") + "\n\n" + TableWriter.render(table, as: .text)
        }
        let out = tableOutput(format)
        return TableWriter.render(expansions(lags, title: title, slug: "formula-initial-values-expansion"), as: out) + "\n"
            + TableWriter.render(pathCounts(lags, title: "Paths by length (initial values brought in)", slug: "formula-initial-values"), as: out)
    }
}
