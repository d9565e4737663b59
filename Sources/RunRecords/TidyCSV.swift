// The tidy CSV exchange format: header `model,dataset,seed,metric,value`, one number a row, seed may be
// empty. Fields may be double-quoted (RFC 4180); CRLF line ends and a UTF-8 byte-order mark are accepted.
import Foundation
import TableFormat

public enum TidyCSV {
    public static let header = "model,dataset,seed,metric,value"
    static let columns = ["model", "dataset", "seed", "metric", "value"]
    /// The largest magnitude accepted: its square (1e200) summed over any number of rows stays finite.
    public static let maximumMagnitude = 1e100

    /// Parses tidy CSV text; `path` is only used to name the file in errors and sources.
    public static func parse(_ text: String, path: String) throws -> [Observation] {
        var body = text
        if body.hasPrefix("\u{FEFF}") { body.removeFirst() }
        // "\r\n" is a single Character in Swift, so both line ends are separators.
        let lines = body.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        guard let first = lines.first,
            let headerFields = try? splitFields(first, path: path, line: 1),
            headerFields.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) == columns
        else {
            throw RecordsError.csvHeader(path: path, found: String(lines.first ?? ""))
        }
        var observations: [Observation] = []
        for (index, rawLine) in lines.enumerated().dropFirst() {
            let lineNumber = index + 1
            if rawLine.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "," }) { continue }
            let fields = try splitFields(rawLine, path: path, line: lineNumber)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 5 else {
                throw RecordsError.csvRow(
                    path: path, line: lineNumber, reason: "expected 5 fields (\(header)), found \(fields.count)")
            }
            let (model, dataset, seedText, metric, valueText) = (fields[0], fields[1], fields[2], fields[3], fields[4])
            for (name, value) in [("model", model), ("dataset", dataset), ("metric", metric)] where value.isEmpty {
                throw RecordsError.csvRow(path: path, line: lineNumber, reason: "`\(name)` is empty")
            }
            var seed: Int?
            if !seedText.isEmpty {
                guard let parsed = Int(seedText) else {
                    throw RecordsError.csvRow(
                        path: path, line: lineNumber, reason: "seed `\(seedText)` is not a whole number")
                }
                seed = parsed
            }
            guard let value = Double(valueText) else {
                throw RecordsError.csvRow(path: path, line: lineNumber, reason: "value `\(valueText)` is not a number")
            }
            guard value.isFinite else {
                throw RecordsError.csvRow(
                    path: path, line: lineNumber, reason: "value `\(valueText)` is not finite (NaN or infinite)")
            }
            guard abs(value) <= maximumMagnitude else {
                throw RecordsError.csvRow(
                    path: path, line: lineNumber,
                    reason: "value `\(valueText)` is out of range: magnitudes above 1e100 overflow the sums and squares of the statistics")
            }
            if StandardMetric.percentages.contains(metric.lowercased()), !(0...100).contains(value) {
                throw RecordsError.csvRow(
                    path: path, line: lineNumber, reason: "\(metric) `\(valueText)` is not a percentage in 0…100")
            }
            observations.append(
                Observation(
                    model: model, dataset: dataset, seed: seed, metric: metric, value: value,
                    source: SourceLocation(file: path, line: lineNumber)))
        }
        return observations
    }

    /// Renders observations as tidy CSV (the inverse of `parse`, fields quoted only where needed).
    public static func render(_ observations: [Observation]) -> String {
        var out = header + "\n"
        for o in observations {
            let fields = [o.model, o.dataset, o.seed.map(String.init) ?? "", o.metric, formatValue(o.value)]
            out += fields.map(TableWriter.csvField).joined(separator: ",") + "\n"
        }
        return out
    }

    static func formatValue(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Splits one line into fields, honouring double quotes ("" is a literal quote inside them).
    static func splitFields(_ line: Substring, path: String, line lineNumber: Int) throws -> [String] {
        var fields: [String] = []
        var current = ""
        var inQuotes = false
        var iterator = line.makeIterator()
        var pending: Character? = nil
        while let ch = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if ch == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { current.append("\"") } else { inQuotes = false; pending = next }
                    } else {
                        inQuotes = false
                    }
                } else {
                    current.append(ch)
                }
            } else if ch == "\"" {
                inQuotes = true
            } else if ch == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        if inQuotes {
            throw RecordsError.csvRow(path: path, line: lineNumber, reason: "a quoted field is not closed")
        }
        fields.append(current)
        return fields
    }
}
