// Model ids with a design: `FAMILY+DESIGN` (`resnet18+heavy-ball`), FAMILY one of the 12 baselines and
// DESIGN a named design (`recstats formula list`) or one the user defined (`--design NAME='X[i] = …'`,
// `--designs-file`). A user design is checked when it is defined, before anything runs: its name must be
// a file-name-safe word that no built-in or other design uses, and its formula must parse and build.
import Foundation
import Formulas

public struct DesignCatalog: Sendable {
    /// User designs in the order given.
    public private(set) var userDesigns: [ZooDesign] = []

    public init() {}

    /// Adds `name = formula`; `origin` says where it came from (`--design`, `designs.txt:3`) in errors.
    public mutating func add(name rawName: String, formula text: String, origin: String) throws {
        let name = rawName.trimmingCharacters(in: .whitespaces)
        func fail(_ reason: String) -> ZooError { .invalidDesign(design: name, origin: origin, reason: reason) }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-_.")
        guard let first = name.first, first.isLetter || first.isNumber, name.count <= 64, name.allSatisfy({ allowed.contains($0) }) else {
            throw fail("a design name is 1–64 lowercase letters, digits, '-', '_' or '.', starting with a letter or digit (it becomes part of model ids and file names)")
        }
        if NamedDesign(rawValue: name) != nil {
            throw fail("the name is a built-in design (\(NamedDesign.allCases.map(\.rawValue).joined(separator: ", "))); choose another")
        }
        if userDesigns.contains(where: { $0.name == name }) {
            throw fail("the name is defined twice")
        }
        let formula: BlockFormula
        do {
            formula = try BlockFormula.parse(text)
        } catch let error as FormulaError {
            throw fail("the formula does not parse: \(error.message)")
        }
        let design = ZooDesign(name: name, formula: formula)
        do {
            _ = try NetworkPlan(.resnet18, options: ZooOptions(width: 1.0 / 16), design: design)
        } catch let error as ZooError {
            if case .unbuildableDesign(_, let reason) = error { throw fail("it cannot be built: \(reason)") }
            throw error
        }
        userDesigns.append(design)
    }

    /// Reads `name = formula` lines (blank lines and lines starting with # are skipped).
    public mutating func addFile(_ path: String) throws {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ZooError.invalidDesign(design: path, origin: "--designs-file", reason: "cannot read the file: \(error.localizedDescription)")
        }
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.isEmpty || t.hasPrefix("#") { continue }
            // The first '=' not inside brackets separates the name: `hb2 = X[i] = …`.
            guard let eq = t.firstIndex(of: "="), !t[..<eq].contains("[") else {
                throw ZooError.invalidDesign(design: t, origin: "\(path):\(n + 1)", reason: "expected `name = formula`")
            }
            try add(name: String(t[..<eq]), formula: String(t[t.index(after: eq)...]), origin: "\(path):\(n + 1)")
        }
    }

    /// A named or user design by name.
    public func design(_ name: String) -> ZooDesign? {
        if let named = NamedDesign(rawValue: name) { return .named(named) }
        return userDesigns.first { $0.name == name }
    }

    /// `resnet18` (a published id, its published design) or `resnet18+heavy-ball`.
    public func resolve(_ text: String, form: SForm) throws -> (id: ModelID, design: ZooDesign) {
        guard let plus = text.firstIndex(of: "+") else {
            guard let id = ModelID(rawValue: text) else { throw ZooError.unknownModel(text) }
            return (id, .published(id, form: form))
        }
        let family = String(text[..<plus]), name = String(text[text.index(after: plus)...])
        guard let id = ModelID(rawValue: family), !id.isSVariant else {
            throw ZooError.invalidDesign(
                design: name, origin: text,
                reason: "unknown family `\(family)`; FAMILY is one of the 12 baselines: " + ModelID.baselines.map(\.rawValue).joined(separator: ", "))
        }
        return (id, try require(name, origin: text))
    }
}

extension DesignCatalog {
    /// A published id or FAMILY+DESIGN as a model, named by ZooModel's rule.
    public func model(_ text: String, form: SForm) throws -> ZooModel {
        guard text.contains("+") else {
            guard let id = ModelID(rawValue: text) else { throw ZooError.unknownModel(text) }
            return ZooModel(id)
        }
        let (id, design) = try resolve(text, form: form)
        return ZooModel(family: id, design: design, form: form)
    }

    /// A design by name, or an error naming it and listing the known ones.
    public func require(_ name: String, origin: String) throws -> ZooDesign {
        guard let d = design(name) else {
            throw ZooError.invalidDesign(
                design: name, origin: origin,
                reason: "no such design; the built-ins are " + NamedDesign.allCases.map(\.rawValue).joined(separator: ", ")
                    + (userDesigns.isEmpty ? " (define your own with --design NAME='X[i] = …')" : ", and yours: " + userDesigns.map(\.name).joined(separator: ", ")))
        }
        return d
    }
}

extension NetworkPlan {
    /// The model's id: a published id when the design is the one it publishes, else `FAMILY+DESIGN`.
    public var modelName: String {
        design == ZooDesign.published(id, form: options.sForm) ? id.rawValue : "\((id.baseline ?? id).rawValue)+\(design.name)"
    }
}
