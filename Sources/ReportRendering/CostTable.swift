// The cost table in the style of the paper's Table 8: FLOPs, parameters and accuracy of both members
// of each pair and the relative cost of the "s" twin. Costs come from the input's cost rows (the
// paper's table8.csv), else from the records (parameters, MACs per image), else from the model zoo's
// counts the CLI passes in.
import Foundation
import TableFormat
import RankStats
import RunRecords

struct CostTable {
    var studies: [Study]
    var costObservations: [Observation]
    var records: [RunRecord]
    var options: ReportOptions
    var names: DisplayNames

    /// Cost per model and where it came from.
    func costs() -> (costs: [String: ModelCost], dataset: String?, source: String) {
        var result: [String: ModelCost] = [:]
        var dataset: String?
        for o in costObservations {
            var c = result[o.model] ?? ModelCost()
            switch o.metric.lowercased() {
            case "flops": c.flops = o.value
            case "params", "parameters": c.parameters = o.value
            default: c.macsPerImage = o.value
            }
            result[o.model] = c
            dataset = dataset ?? o.dataset
        }
        if !result.isEmpty {
            let files = Set(costObservations.map { URL(fileURLWithPath: $0.source.file).lastPathComponent }).sorted()
            return (result, dataset, "the input's cost rows (\(files.joined(separator: ", ")))")
        }
        for r in records where r.parameters != nil || r.macsPerImage != nil {
            result[r.model] = ModelCost(parameters: r.parameters.map(Double.init), macsPerImage: r.macsPerImage.map(Double.init))
        }
        if !result.isEmpty { return (result, records.first?.dataset, "the run records") }
        let models = Set(studies.flatMap(\.models))
        for (model, cost) in options.zooCosts where models.contains(model) { result[model] = cost }
        // The zoo counts a 100-class head (the paper's Table 8 is on CIFAR100): show that accuracy if present.
        let datasets = studies.flatMap(\.datasets)
        let zooDataset = datasets.first { $0.lowercased() == "cifar100" } ?? datasets.first
        return (result, zooDataset, options.zooCostSource ?? "the model zoo")
    }

    /// The accuracy printed next to the costs: a seedless value if one exists, else the seeds' mean.
    func accuracy(_ model: String, dataset: String?) -> Double? {
        guard let dataset else { return nil }
        for study in studies {
            let rows = study.results.observations.filter { $0.model == model && $0.dataset == dataset && $0.metric == options.metric }
            if let seedless = rows.first(where: { $0.seed == nil }) { return seedless.value }
            if let summary = ErrorBars.summarize(rows).first { return summary.mean }
        }
        return nil
    }

    func table() -> TableSpec? {
        let (costs, dataset, source) = costs()
        guard !costs.isEmpty else { return nil }
        var models: [String] = []
        for m in studies.flatMap(\.models) + costObservations.map(\.model) where !models.contains(m) && costs[m] != nil { models.append(m) }
        let pairs = ModelPairs.find(in: models, records: records)
        guard !pairs.isEmpty else { return nil }
        let useFLOPs = costs.values.contains { $0.flops != nil }
        let costName = useFLOPs ? "FLOPs" : "MACs/image"
        let accName = "Acc."
        func cost(_ c: ModelCost?) -> Double? { useFLOPs ? c?.flops : c?.macsPerImage }
        func relative(_ s: Double?, _ b: Double?) -> String {
            guard let s, let b, b != 0 else { return "–" }
            return String(format: "%+.1f%%", (s / b - 1) * 100)
        }
        let rows: [[TableCell]] = pairs.map { p in
            let b = costs[p.baseline], v = costs[p.variant]
            return [
                TableCell(names[p.baseline]), TableCell(cost(b).map(CostTable.scientific) ?? "–"),
                TableCell(b?.parameters.map(CostTable.millions) ?? "–"),
                TableCell(accuracy(p.baseline, dataset: dataset).map { Format.fixed($0, 2) } ?? "–"),
                TableCell(names[p.variant]), TableCell(cost(v).map(CostTable.scientific) ?? "–"),
                TableCell(v?.parameters.map(CostTable.millions) ?? "–"),
                TableCell(accuracy(p.variant, dataset: dataset).map { Format.fixed($0, 2) } ?? "–"),
                TableCell("\(relative(cost(v), cost(b))) / \(relative(v?.parameters, b?.parameters))"),
            ]
        }
        return TableSpec(
            title: "Cost and accuracy of each pair" + (dataset.map { " (\($0))" } ?? ""), slug: "costs",
            columns: ["Model", costName, "Params", accName, "“s” model", costName, "Params", accName, "Δ cost"],
            alignments: [.left, .right, .right, .right, .left, .right, .right, .right, .right],
            rows: rows,
            notes: [
                "Costs from \(source). Accuracy: \(options.metric)" + (dataset.map { " on \($0)" } ?? "")
                    + " (a seedless value where the input has one, else the mean over seeds). "
                    + "Δ cost: relative \(costName) / parameters of the “s” twin against its baseline. Acc. in %.",
            ])
    }

    /// 7.1e10 → "7.1×10¹⁰" (two significant digits, as Table 8 prints them).
    static func scientific(_ value: Double) -> String {
        guard value > 0 else { return Format.number(value) }
        var exponent = Int(floor(log10(value)))
        var mantissa = value / pow(10, Double(exponent))
        if (mantissa * 10).rounded() / 10 >= 10 { mantissa /= 10; exponent += 1 }
        let superscripts: [Character: Character] = ["0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻"]
        return String(format: "%.1f", mantissa) + "×10" + String(String(exponent).map { superscripts[$0]! })
    }

    /// 11220000 → "11.22M".
    static func millions(_ value: Double) -> String { String(format: "%.2fM", value / 1e6) }
}
