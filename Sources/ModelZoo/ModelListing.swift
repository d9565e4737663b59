// `recstats models` as values and text: one cost row per model, rendered as text, JSON, CSV, Markdown or
// LaTeX; and one row per layer for `recstats models describe`. Rendering returns strings; the CLI prints.
import Foundation
import TableFormat

public enum ListingFormat: String, Sendable, CaseIterable {
    case text, json, csv, markdown, latex
}

/// One model's costs. JSON/CSV keys: id, display_name, family, baseline, is_s, parameters, macs_per_image.
public struct ModelCostRow: Sendable, Equatable, Codable {
    public let id: String
    public let displayName: String
    public let family: String
    /// The baseline's id for an "s" model, nil (JSON null, empty CSV field) for a baseline.
    public let baseline: String?
    public let isS: Bool
    public let parameters: Int
    public let macsPerImage: Int

    enum CodingKeys: String, CodingKey {
        case id, displayName = "display_name", family, baseline, isS = "is_s", parameters
        case macsPerImage = "macs_per_image"
    }

    public init(_ plan: NetworkPlan) {
        id = plan.modelName
        displayName = plan.modelName == plan.id.rawValue ? plan.id.displayName : "\(plan.id.displayName)+\(plan.design.name)"
        family = plan.id.family.rawValue
        baseline = plan.modelName == plan.id.rawValue ? plan.id.baseline?.rawValue : (plan.id.baseline ?? plan.id).rawValue
        isS = plan.id.isSVariant
        parameters = plan.parameters
        macsPerImage = plan.macsPerImage
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(displayName, forKey: .displayName)
        try c.encode(family, forKey: .family)
        try c.encode(baseline, forKey: .baseline)  // explicit null for baselines
        try c.encode(isS, forKey: .isS)
        try c.encode(parameters, forKey: .parameters)
        try c.encode(macsPerImage, forKey: .macsPerImage)
    }

    /// Table 8's "FLOPs": multiply-accumulates per image × 128 (one batch).
    public var table8FLOPs: Int { macsPerImage * 128 }
}

public enum ModelListing {
    /// Cost rows of the given models (all 24 by default) under one set of options.
    public static func rows(_ ids: [ModelID] = ModelID.allCases, options: ZooOptions) throws -> [ModelCostRow] {
        try ids.map { ModelCostRow(try NetworkPlan($0, options: options)) }
    }

    /// The 24 published models, then every family with each of `designs` (FAMILY+DESIGN, projections counted).
    public static func rows(options: ZooOptions, designs: [ZooDesign]) throws -> [ModelCostRow] {
        try rows(options: options) + designs.flatMap { d in
            try ModelID.baselines.map { ModelCostRow(try NetworkPlan($0, options: options, design: d)) }
        }
    }

    public static func render(_ rows: [ModelCostRow], format: ListingFormat, options: ZooOptions) -> String {
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            // Encoding plain strings, ints and bools cannot fail.
            let data = try! encoder.encode(rows)
            return String(decoding: data, as: UTF8.self) + "\n"
        case .csv:
            // The machine form: the JSON keys as columns, exact counts.
            let columns = ["id", "display_name", "family", "baseline", "is_s", "parameters", "macs_per_image"]
            let cells = rows.map {
                [$0.id, $0.displayName, $0.family, $0.baseline ?? "", "\($0.isS)", "\($0.parameters)", "\($0.macsPerImage)"]
                    .map { TableCell($0) }
            }
            return TableWriter.csv(TableSpec(title: "", slug: "models", columns: columns, rows: cells))
        case .text: return TableWriter.text(costTable(rows, options: options))
        case .markdown: return TableWriter.markdown(costTable(rows, options: options))
        case .latex: return TableWriter.latex(costTable(rows, options: options))
        }
    }

    /// The cost table people read: Table 8's columns (parameters in millions, FLOPs = MACs × 128).
    public static func costTable(_ rows: [ModelCostRow], options: ZooOptions) -> TableSpec {
        TableSpec(
            title: "\(rows.count) models, width \(formatWidth(options.width)), \(options.classes) classes, "
                + "\(options.imageSize)×\(options.imageSize) input",
            slug: "models", columns: ["id", "model", "params", "params (M)", "MACs/image", "FLOPs (×128)"],
            rows: rows.map {
                [$0.id, $0.displayName, grouped($0.parameters), millions($0.parameters), grouped($0.macsPerImage),
                 scientific($0.table8FLOPs)].map { TableCell($0) }
            },
            keyColumns: 2)
    }

    // MARK: describe

    /// One row of `recstats models describe`: where the layer sits, what it is, its output and costs.
    public struct LayerRow: Sendable, Equatable {
        public let path: String
        public let layer: String
        public let output: FeatureShape
        public let parameters: Int
        public let macs: Int
    }

    /// Every layer of a network in order: stem, each block's branch, shortcut, shortcut2 and merge, head.
    public static func layers(of plan: NetworkPlan) -> [LayerRow] {
        var rows: [LayerRow] = []
        func add(_ path: String, _ layers: [LayerSpec], from input: FeatureShape) {
            var shape = input
            for layer in layers {
                let out = layer.output(shape)
                rows.append(LayerRow(path: path, layer: layer.summary, output: out, parameters: layer.parameters, macs: layer.macs(shape)))
                shape = out
            }
        }
        add("stem", plan.stem, from: plan.input)
        for block in plan.blocks {
            add(block.name + ".branch", block.branch, from: block.input)
            if block.shortcut.isEmpty {
                rows.append(LayerRow(path: block.name + ".shortcut", layer: "identity", output: block.input, parameters: 0, macs: 0))
            } else {
                add(block.name + ".shortcut", block.shortcut, from: block.input)
            }
            for p in block.projections where p.name != "shortcut" {
                add(block.name + "." + p.name + " (on \(p.term))", p.layers, from: p.input)
            }
            let merge = plan.design.formula.description
            rows.append(LayerRow(path: block.name, layer: merge, output: block.output, parameters: 0, macs: 0))
        }
        add("head", plan.head, from: plan.featureShape)
        return rows
    }

    public static func renderLayers(of plan: NetworkPlan) -> String {
        let rows = layers(of: plan)
        let o = plan.options
        var text = "\(plan.id.displayName) (\(plan.modelName)): \(plan.spec.family.rawValue), \(plan.spec.blockKind.rawValue) blocks "
            + "\(plan.spec.stageDepths), width \(formatWidth(o.width)), \(o.classes) classes, input \(plan.input)"
        if plan.spec.isS { text += ", \"s\" form \(o.sForm.rawValue)" }
        text += ", design \(plan.design.name): \(plan.design.formula)"
        text += "\n"
        let table = TableSpec(
            title: "", slug: "layers-\(plan.id.rawValue)", columns: ["where", "layer (sum = branch + shortcut)", "output", "params", "MACs"],
            alignments: [.left, .left, .left, .right, .right],
            rows: rows.map { [$0.path, $0.layer, $0.output.description, grouped($0.parameters), grouped($0.macs)].map { TableCell($0) } })
        text += TableWriter.text(table)
        text += "total: \(grouped(plan.parameters)) parameters, \(grouped(plan.macsPerImage)) MACs per image\n"
        return text
    }

    // MARK: number formatting

    static func grouped(_ n: Int, separator: String = ",") -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += separator }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    static func millions(_ n: Int) -> String { String(format: "%.2f", Double(n) / 1e6) }

    /// Two significant digits, as Table 8 prints: 7.1e10.
    static func scientific(_ n: Int) -> String {
        let (m, e) = mantissaExponent(n)
        return String(format: "%.1fe%d", m, e)
    }

    static func mantissaExponent(_ n: Int) -> (Double, Int) {
        guard n > 0 else { return (0, 0) }
        var e = Int(log10(Double(n)).rounded(.down))
        var m = (Double(n) / pow(10, Double(e)) * 10).rounded() / 10
        if m >= 10 { m /= 10; e += 1 }
        return (m, e)
    }

    static func formatWidth(_ w: Double) -> String {
        w == w.rounded() ? String(Int(w)) : String(w)
    }
}
